from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import formset_factory
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from concerns import search
from concerns.cpr import parse_cpr
from concerns.models import (
    Concern,
    CustodyHolder,
    InformationItem,
    InformationRequest,
    Person,
    PoliceCheck,
    State,
)
from concerns.text import reject_html
from infohus.forms import DesignSystemMixin
from infohus.models import Authority

YES_NO = [("", _("Not stated")), ("yes", _("Yes")), ("no", _("No"))]


def yes_no_value(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ConcernForm(DesignSystemMixin, forms.ModelForm):
    reporter_informed = forms.TypedChoiceField(
        label=Concern._meta.get_field("reporter_informed").verbose_name,
        choices=YES_NO,
        coerce=yes_no_value,
        empty_value=None,
        required=False,
    )

    class Meta:
        model = Concern
        fields = Concern.INTAKE_FIELDS
        widgets = {
            "received_at": DateTimeInput(),
            "observed_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 8}),
            "received_via": forms.RadioSelect,
            "observation": forms.RadioSelect,
            "extremism_kind": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("received_via", "observation", "extremism_kind"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]
        if self.instance.pk and self.instance.reporter_informed is not None:
            self.initial["reporter_informed"] = "yes" if self.instance.reporter_informed else "no"

    def clean(self):
        data = super().clean()
        if data.get("reporter_anonymous"):
            for field in ("reporter_name", "reporter_contact"):
                if data.get(field):
                    self.add_error(field, _("Leave this empty when the reporter is anonymous."))
        return data


class PersonForm(DesignSystemMixin, forms.ModelForm):
    cpr = forms.CharField(
        label=_("CPR number"),
        required=False,
        max_length=11,
        help_text=_("DDMMYY-SSSS. Birth date and gender are read from it."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false"}),
    )

    class Meta:
        model = Person
        fields = Person.INTAKE_FIELDS
        widgets = {"birth_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.cpr:
            self.initial["cpr"] = self.instance.formatted_cpr
        self.fields["gender"].required = False
        self.fields["gender"].choices = [("", _("Not stated"))] + [c for c in self.fields["gender"].choices if c[0]]

    def clean_cpr(self):
        value = self.cleaned_data["cpr"].strip()
        if not value:
            return ""
        self._parsed_cpr = parse_cpr(value)
        return self._parsed_cpr.digits

    def clean(self):
        data = super().clean()
        parsed = getattr(self, "_parsed_cpr", None)
        if parsed and data.get("cpr"):
            if data.get("birth_date") and data["birth_date"] != parsed.birth_date:
                self.add_error("birth_date", _("The date of birth does not match the CPR number."))
            data["birth_date"] = parsed.birth_date
            data["gender"] = parsed.gender
        return data


class CustodyHolderForm(DesignSystemMixin, forms.ModelForm):
    class Meta:
        model = CustodyHolder
        fields = CustodyHolder.INTAKE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = False

    def clean(self):
        data = super().clean()
        if (data.get("relation") or data.get("contact")) and not data.get("full_name"):
            self.add_error("full_name", _("Give the custody holder's name."))
        return data


CustodyHolderFormSet = formset_factory(CustodyHolderForm, extra=0, max_num=4, validate_max=True)


def custody_formset(data=None, person: Person | None = None):
    """Two holder slots, filled from the person when showing the form.

    A posted formset gets no `initial`: Django would treat a slot equal to its initial
    value as unchanged and empty, and the holder would be dropped on save.
    """
    if data is not None:
        return CustodyHolderFormSet(data=data, prefix="custody")
    initial = []
    if person is not None and person.pk:
        initial = [
            {"full_name": h.full_name, "relation": h.relation, "contact": h.contact}
            for h in person.custody_holders.all()
        ]
    initial += [{}] * max(0, 2 - len(initial))
    return CustodyHolderFormSet(initial=initial, prefix="custody")


class PoliceCheckForm(DesignSystemMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=PoliceCheck.Outcome.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[reject_html],
        help_text=_(
            "The municipal coordinators read the reason. Write no police information here: "
            "share it under retsplejelovens § 115, so the exchange is recorded."
        ),
    )
    social_duty_needed = forms.TypedChoiceField(
        label=_("Does the municipality still have a social preventive duty towards the person or family?"),
        choices=YES_NO,
        coerce=yes_no_value,
        empty_value=None,
        required=False,
        help_text=_("Only when the police take the case over."),
    )
    social_duty_description = forms.CharField(
        label=_("What the municipality must still do"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        validators=[reject_html],
    )


class ReasonForm(DesignSystemMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), validators=[reject_html])


class MissingForm(DesignSystemMixin, forms.Form):
    missing = forms.CharField(
        label=_("What information is missing"),
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[reject_html],
        help_text=_("Recorded on the timeline, so the next meeting knows what to look for."),
    )


class ConcernFilterForm(DesignSystemMixin, forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=[("", _("All states"))] + State.choices, required=False)
    urgent = forms.TypedChoiceField(
        label=_("Urgency"),
        choices=[("", _("All")), ("yes", _("Urgent only")), ("no", _("Not urgent"))],
        coerce=yes_no_value,
        empty_value=None,
        required=False,
    )
    received_from = forms.DateField(label=_("Received from"), required=False, widget=DateInput())
    received_to = forms.DateField(label=_("Received until"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("received_from") and data.get("received_to") and data["received_from"] > data["received_to"]:
            raise ValidationError(_("The start date must be before the end date."))
        return data


class InformationRequestForm(DesignSystemMixin, forms.ModelForm):
    class Meta:
        model = InformationRequest
        fields = ["source", "source_name", "asked_for", "due_on"]
        widgets = {"asked_for": forms.Textarea(attrs={"rows": 3}), "due_on": DateInput()}

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on and due_on < timezone.localdate():
            raise ValidationError(_("The answer cannot be wanted before today."))
        return due_on


class InformationItemForm(DesignSystemMixin, forms.ModelForm):
    attachment = forms.FileField(
        label=_("Attachment (optional)"),
        required=False,
        help_text=_("PDF, PNG/JPEG or an office document."),
    )

    class Meta:
        model = InformationItem
        fields = ["source", "source_name", "information_date", "text", "request"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5}), "information_date": DateInput()}

    def __init__(self, *args, concern=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["request"].queryset = (
            concern.requests.filter(received_at__isnull=True) if concern else InformationRequest.objects.none()
        )
        self.fields["request"].required = False


class ItemChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, item):
        return f"{item.get_source_display()}, {item.information_date:%d.%m.%Y}: {Truncator(item.text).words(12)}"


class ShareForm(DesignSystemMixin, forms.Form):
    items = ItemChoiceField(
        label=_("Information to share"),
        queryset=InformationItem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one piece of information to share.")},
    )
    legal_basis_section = forms.TypedChoiceField(
        label=_("Legal basis: retsplejelovens § 115, stk."),
        choices=[(n, f"stk. {n}") for n in range(1, 6)],
        coerce=int,
    )
    legal_basis_number = forms.IntegerField(label=_("nr. (if any)"), required=False, min_value=1, max_value=20)
    purpose = forms.CharField(
        label=_("Purpose"),
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[reject_html],
        error_messages={"required": _("State the purpose of sharing the information.")},
    )
    necessity = forms.CharField(
        label=_("Why sharing is necessary"),
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[reject_html],
        help_text=_("Section 115 allows sharing only when it is necessary for the crime-preventive cooperation."),
        error_messages={"required": _("State why sharing is necessary for the crime-preventive cooperation.")},
    )

    to_authority = forms.ModelChoiceField(label=_("Share with"), queryset=Authority.objects.all(), empty_label=None)

    field_order = ["items", "to_authority", "legal_basis_section", "legal_basis_number", "purpose", "necessity"]

    def __init__(self, *args, own_items=None, recipients=(), **kwargs):
        super().__init__(*args, **kwargs)
        if own_items is not None:
            self.fields["items"].queryset = own_items
        # Offer and accept only the other party; the service refuses any other recipient too.
        field = self.fields["to_authority"]
        field.queryset = recipients if isinstance(recipients, QuerySet) else Authority.objects.none()
        field.choices = [(a.pk, a.name) for a in field.queryset]  # read once, not again per render


class ExchangeRevokeForm(DesignSystemMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why the sharing is revoked"), widget=forms.Textarea(attrs={"rows": 2}), validators=[reject_html]
    )


class ConcernSearchForm(ConcernFilterForm):
    """The search of the concern list and the police queue: one field for a name, a CPR
    number or a case number (`concerns.search.parse_term` tells them apart), and on the
    list the filters.

    Sent by POST: the term is personal data, kept in the session and never put in a URL;
    only the filters, which are not personal, go in the list's URL (`url_params`).
    """

    q = forms.CharField(
        label=_("Name, CPR number or case number"),
        required=False,
        strip=True,
        help_text=_("Part of a name, a whole CPR number, or (part of) a case number."),
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "spellcheck": "false", "maxlength": search.MAX_LENGTH}
        ),
    )

    FILTERS = ("state", "urgent", "received_from", "received_to")
    field_order = ["q", *FILTERS]

    def __init__(self, *args, with_filters: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.term = None
        if not with_filters:  # the police queue: every concern in it is with the police
            for name in self.FILTERS:
                del self.fields[name]

    def clean_q(self):
        value = " ".join(self.cleaned_data["q"].split())
        self.term = search.parse_term(value)
        return value

    def filters(self) -> dict:
        """The filters for `search.search_concerns`, from a valid form."""
        return {name: self.cleaned_data[name] for name in self.FILTERS if name in self.fields}

    def url_params(self) -> dict[str, str]:
        """The filters as they stand in the list's URL (none of them personal data)."""
        data = self.filters()
        params = {
            "state": data.get("state") or "",
            "urgent": {True: "yes", False: "no"}.get(data.get("urgent"), ""),
            "received_from": data["received_from"].isoformat() if data.get("received_from") else "",
            "received_to": data["received_to"].isoformat() if data.get("received_to") else "",
        }
        return {name: value for name, value in params.items() if value}
