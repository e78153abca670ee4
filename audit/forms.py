from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from audit import selectors
from concerns.cpr import parse_cpr
from infohus.forms import DesignSystemMixin
from infohus.models import Authority, User


class DateInput(forms.DateInput):
    """The browser's date picker, which reads and sends ISO dates whatever the language."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _dates_in_order(data: dict) -> dict:
    if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
        raise ValidationError(gettext_lazy("The start date must be before the end date."))
    return data


class AuditSearchForm(DesignSystemMixin, forms.Form):
    person = forms.CharField(
        label=gettext_lazy("Person (CPR number or name)"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    case_number = forms.CharField(label=gettext_lazy("Case number"), required=False)
    user = forms.ModelChoiceField(label=gettext_lazy("User"), queryset=User.objects.none(), required=False)
    authority = forms.ModelChoiceField(
        label=gettext_lazy("Authority"), queryset=Authority.objects.none(), required=False
    )
    action = forms.ChoiceField(
        label=gettext_lazy("Action"),
        required=False,
        choices=[
            ("", gettext_lazy("All")),
            ("create", gettext_lazy("Created")),
            ("update", gettext_lazy("Changed")),
            ("delete", gettext_lazy("Deleted")),
            ("access", gettext_lazy("Read")),
            ("exchange", gettext_lazy("§ 115 exchanges (shared or revoked)")),
            ("refused", gettext_lazy("Attempts to open cases without access")),
        ],
    )
    date_from = forms.DateField(label=gettext_lazy("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=gettext_lazy("Until"), required=False, widget=DateInput())

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        infohus = membership.infohus
        self.fields["user"].queryset = (
            User.objects.filter(memberships__infohus=infohus).distinct().order_by("full_name")
        )
        self.fields["authority"].queryset = Authority.objects.filter(
            pk__in=[infohus.municipality_id, infohus.police_district_id]
        )

    def clean(self):
        return _dates_in_order(super().clean())

    def criteria(self) -> selectors.Criteria:
        data = self.cleaned_data
        return selectors.Criteria(
            person=data["person"],
            case_number=data["case_number"],
            user=data["user"],
            authority_id=data["authority"].pk if data["authority"] else None,
            action=data["action"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )


class ExchangeSearchForm(DesignSystemMixin, forms.Form):
    """By GET: a case number and dates are no one's personal data, so they may stand in
    the URL (a person's CPR number or name never does: search the log for those)."""

    case_number = forms.CharField(
        label=gettext_lazy("Case number"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": "IH-2026-0001", "autocomplete": "off"}),
    )
    date_from = forms.DateField(label=gettext_lazy("Shared from"), required=False, widget=DateInput())
    date_to = forms.DateField(label=gettext_lazy("Shared until"), required=False, widget=DateInput())

    def clean(self):
        return _dates_in_order(super().clean())

    def criteria(self) -> dict:
        data = self.cleaned_data
        return {"case_number": data["case_number"], "date_from": data["date_from"], "date_to": data["date_to"]}


class AccessRequestForm(DesignSystemMixin, forms.Form):
    """By POST only: the CPR number never stands in a URL or a server log."""

    cpr = forms.CharField(
        label=gettext_lazy("The person's CPR number"),
        help_text=gettext_lazy("DDMMYY-SSSS. Check the person's identity before you answer."),
        max_length=11,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )

    def clean_cpr(self):
        return parse_cpr(self.cleaned_data["cpr"])


class StatisticsForm(DesignSystemMixin, forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]
