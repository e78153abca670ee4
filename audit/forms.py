from django import forms
from django.utils.translation import gettext_lazy

from audit import selectors
from infohus.forms import DesignSystemMixin
from infohus.models import Authority, User


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
            ("exchange", gettext_lazy("Section 115 exchange")),
        ],
    )
    date_from = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=gettext_lazy("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        infohus = membership.infohus
        self.fields["user"].queryset = (
            User.objects.filter(memberships__infohus=infohus).distinct().order_by("full_name")
        )
        self.fields["authority"].queryset = Authority.objects.filter(
            pk__in=[infohus.municipality_id, infohus.police_district_id]
        )

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
