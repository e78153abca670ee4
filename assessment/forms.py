from django import forms
from django.utils.translation import gettext_lazy as _

from assessment.models import DimensionScore, Intervention, LifeArea, Meeting, Recommendation
from concerns.forms import DateInput, DateTimeInput, ItemChoiceField
from concerns.models import InformationItem
from concerns.text import reject_html
from infohus.forms import DesignSystemMixin
from infohus.models import Authority, Department, Membership

SCORE_CHOICES = [
    ("0", "0"),
    ("1", "1"),
    ("2", "2"),
    ("3", "3"),
    ("4", "4"),
    (DimensionScore.Status.NOT_ASSESSED, _("Not assessed")),
    (DimensionScore.Status.UNKNOWN, _("Unknown")),
]


def split_score(choice: str) -> tuple[str, int | None]:
    """One radio group in the form; a status and a value in the model ("unknown" is not 0)."""
    if choice.isdigit():
        return DimensionScore.Status.SCORED, int(choice)
    return choice, None


def score_choice(status: str, value) -> str:
    return str(value) if status == DimensionScore.Status.SCORED else status


class MeetingForm(DesignSystemMixin, forms.ModelForm):
    video_link = forms.URLField(
        label=_("Video link"),
        required=False,
        assume_scheme="https",
        help_text=Meeting._meta.get_field("video_link").help_text,
    )

    class Meta:
        model = Meeting
        fields = ["starts_at", "location", "video_link"]
        widgets = {"starts_at": DateTimeInput()}

    def clean(self):
        data = super().clean()
        if not data.get("location") and not data.get("video_link"):
            raise forms.ValidationError(_("Give a place or a video link for the meeting."))
        return data


class AgendaAddForm(DesignSystemMixin, forms.Form):
    concern = forms.ModelChoiceField(label=_("Concern ready for a meeting"), queryset=None, empty_label=None)

    def __init__(self, *args, concerns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["concern"].queryset = concerns
        self.fields["concern"].label_from_instance = lambda c: f"{c.case_number} – {c.person.full_name}"


class InviteUserForm(DesignSystemMixin, forms.Form):
    membership = forms.ModelChoiceField(
        label=_("User of the Infohus"), queryset=Membership.objects.none(), empty_label=None
    )

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = memberships
        self.fields["membership"].label_from_instance = lambda m: f"{m.user} – {m.get_role_display()} ({m.authority})"


class InviteExternalForm(DesignSystemMixin, forms.Form):
    full_name = forms.CharField(label=_("Name"), max_length=200, validators=[reject_html])
    email = forms.EmailField(label=_("E-mail"))
    title = forms.CharField(label=_("Job title"), max_length=200, required=False, validators=[reject_html])
    authority = forms.ModelChoiceField(label=_("Authority"), queryset=Authority.objects.none(), empty_label=None)

    def __init__(self, *args, infohus, **kwargs):
        super().__init__(*args, **kwargs)
        # Only outside authorities: someone from the municipality or the police is a user of
        # the Infohus, and would otherwise read that side's notes kept for its own authority.
        parties = [Authority.Kind.MUNICIPALITY, Authority.Kind.POLICE_DISTRICT]
        self.fields["authority"].queryset = Authority.objects.exclude(kind__in=parties).order_by("name")


class ShareWithMeetingForm(DesignSystemMixin, forms.Form):
    summary = forms.CharField(
        label=_("Summary of the concern for the participants"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        validators=[reject_html],
        help_text=_("Only what the participants need for the analysis. Leave out what is not necessary."),
    )
    items = ItemChoiceField(
        label=_("Information to share with the meeting"),
        queryset=InformationItem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    legal_basis_section = forms.TypedChoiceField(
        label=_("Legal basis: retsplejelovens § 115, stk."), choices=[(n, f"stk. {n}") for n in range(1, 6)], coerce=int
    )
    legal_basis_number = forms.IntegerField(label=_("nr. (if any)"), required=False, min_value=1, max_value=20)
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 2}), validators=[reject_html])
    necessity = forms.CharField(
        label=_("Why sharing is necessary"), widget=forms.Textarea(attrs={"rows": 2}), validators=[reject_html]
    )

    def __init__(self, *args, own_items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = own_items

    def clean(self):
        data = super().clean()
        if not data.get("summary") and not data.get("items"):
            raise forms.ValidationError(_("Write a summary or choose information to share."))
        return data


class ConfidentialityForm(DesignSystemMixin, forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I will keep what is said and shown at the meeting confidential, and use it only for the "
            "crime-preventive cooperation."
        ),
        error_messages={"required": _("Confirm the statement to take part.")},
    )


class AgreedScoreForm(DesignSystemMixin, forms.Form):
    dimension = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    score = forms.ChoiceField(label=_("Agreed score"), choices=SCORE_CHOICES, widget=forms.RadioSelect)
    justification = forms.CharField(
        label=_("Justification"), required=False, widget=forms.Textarea(attrs={"rows": 2}), validators=[reject_html]
    )
    contributors = forms.TypedMultipleChoiceField(
        label=_("Contributed"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, authorities=(), **kwargs):
        super().__init__(*args, **kwargs)
        # The meeting's authorities, as read once for the page (no query per form).
        self.fields["contributors"].choices = [(a.pk, a.name) for a in authorities]


class OwnScoreForm(DesignSystemMixin, forms.Form):
    dimension = forms.IntegerField(widget=forms.HiddenInput)
    score = forms.ChoiceField(label=_("My score"), choices=SCORE_CHOICES, widget=forms.RadioSelect)


class NoteForm(DesignSystemMixin, forms.Form):
    dimension = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Note for my authority"), widget=forms.Textarea(attrs={"rows": 2}), validators=[reject_html]
    )


class MinutesForm(DesignSystemMixin, forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 8}), validators=[reject_html]
    )


# --- Redskab 4 ---------------------------------------------------------------------------


class AssessmentForm(DesignSystemMixin, forms.Form):
    problems = forms.CharField(
        label=_("Main problems"),
        widget=forms.Textarea(attrs={"rows": 7}),
        validators=[reject_html],
        help_text=_("Drawn from the risk dimensions of the analysis."),
    )
    resources = forms.CharField(
        label=_("Resources"),
        widget=forms.Textarea(attrs={"rows": 7}),
        validators=[reject_html],
        help_text=_("Drawn from the wellbeing and resilience dimensions."),
    )
    conclusion = forms.CharField(
        label=_("Overall conclusion"), widget=forms.Textarea(attrs={"rows": 5}), validators=[reject_html]
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            ("recommend", _("Recommendations to one or more authorities")),
            ("not_current", _("The concern is not current after the analysis (closes it)")),
        ],
        widget=forms.RadioSelect,
    )
    not_current_reason = forms.CharField(
        label=_("Why the concern is not current"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[reject_html],
    )

    def clean(self):
        data = super().clean()
        if data.get("outcome") == "not_current" and not data.get("not_current_reason"):
            self.add_error("not_current_reason", _("Give the reason the concern is not current."))
        return data


class RecommendationForm(DesignSystemMixin, forms.Form):
    addressee = forms.ChoiceField(
        label=_("Addressed to"), choices=[("", _("Choose the authority"))] + Recommendation.Addressee.choices
    )
    department = forms.ChoiceField(
        label=_("Department (for the municipality)"),
        choices=[("", _("Not stated"))] + Department.choices,
        required=False,
    )
    addressee_name = forms.CharField(
        label=_("Name of the unit"), max_length=200, required=False, validators=[reject_html]
    )
    areas = forms.MultipleChoiceField(
        label=_("Areas of life"),
        choices=LifeArea.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one area of life to work on.")},
    )
    interventions = forms.MultipleChoiceField(
        label=_("Suggested interventions"),
        choices=Intervention.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one suggested intervention.")},
    )
    details = forms.CharField(
        label=_("What is recommended"), widget=forms.Textarea(attrs={"rows": 3}), validators=[reject_html]
    )
    follow_up_on = forms.DateField(label=_("Follow up by"), widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("addressee") == Recommendation.Addressee.MUNICIPALITY and not data.get("department"):
            self.add_error("department", _("Name the municipal department."))
        if data.get("addressee") != Recommendation.Addressee.MUNICIPALITY and data.get("department"):
            self.add_error("department", _("Only a recommendation to the municipality names a department."))
        return data


class BaseRecommendationFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:  # added after the form's own widgets got their classes
            form.fields["DELETE"].label = _("Remove this recommendation")
            form.fields["DELETE"].widget.attrs["class"] = "form-checkbox"


RecommendationFormSet = forms.formset_factory(
    RecommendationForm,
    formset=BaseRecommendationFormSet,
    extra=1,  # one blank recommendation to fill in; left untouched, it is ignored
    min_num=0,
    max_num=8,
    validate_max=True,
    can_delete=True,
)


class AcknowledgeForm(DesignSystemMixin, forms.Form):
    next_follow_up_on = forms.DateField(label=_("Next follow-up"), widget=DateInput())


class FollowUpForm(DesignSystemMixin, forms.Form):
    intervention = forms.CharField(
        label=_("The intervention (what)"), widget=forms.Textarea(attrs={"rows": 2}), validators=[reject_html]
    )
    started_on = forms.DateField(label=_("Started"), required=False, widget=DateInput())
    ended_on = forms.DateField(label=_("Ended"), required=False, widget=DateInput())
    next_follow_up_on = forms.DateField(label=_("Next follow-up"), widget=DateInput())
    review_6_on = forms.DateField(
        label=_("Review 6 months after the end"),
        required=False,
        widget=DateInput(),
        help_text=_("Suggested when the end is recorded; can be changed."),
    )
    review_12_on = forms.DateField(label=_("Review 12 months after the end"), required=False, widget=DateInput())
    note = forms.CharField(
        label=_("Status"), required=False, widget=forms.Textarea(attrs={"rows": 2}), validators=[reject_html]
    )


class CloseForm(DesignSystemMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why the concern is closed"), widget=forms.Textarea(attrs={"rows": 2}), validators=[reject_html]
    )


class TakeOverForm(DesignSystemMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason (seen only by the police)"), widget=forms.Textarea(attrs={"rows": 3}), validators=[reject_html]
    )
    social_duty_needed = forms.TypedChoiceField(
        label=_("Does the municipality still have a social preventive duty towards the person or family?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    social_duty_description = forms.CharField(
        label=_("What the municipality must still do"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[reject_html],
    )
