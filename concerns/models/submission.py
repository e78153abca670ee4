from django.conf import settings
from django.db import models
from django.utils import timezone


class FormSubmission(models.Model):
    """A form's one-time token, used up by its first successful sending.

    A concern, an information item, a request or a § 115 exchange sent twice (a double
    click, Back and send again) is stored once: the token's unique row is inserted in the
    same transaction as the record, so a second sending waits for the first and is then
    refused (`concerns/views/once.py`). Holds no case data: the token, who sent it, and
    the page of what the first sending made.
    """

    token = models.CharField(max_length=80, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)
    result_url = models.CharField(max_length=300, blank=True)

    def __str__(self):
        return f"{self.token[:12]}… {self.submitted_at:%Y-%m-%d %H:%M}"
