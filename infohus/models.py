"""The Infohus unit: authorities, the Infohus itself, users and their roles in it."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in. Login is by e-mail; roles come from memberships.

    Users are deactivated, never deleted, so the audit log keeps its actors.
    """

    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("may use the technical admin site"), default=False)
    date_joined = models.DateTimeField(_("created"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Authority(models.Model):
    """A public authority taking part in an Infohus: each is its own data controller."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        POLICE_DISTRICT = "police_district", _("Police district")
        PSYCHIATRY = "psychiatry", _("Psychiatry")
        PRISON_PROBATION = "prison_probation", _("Prison and Probation Service")
        EDUCATION = "education", _("School/education")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    municipality_code = models.CharField(
        _("municipality code"),
        max_length=3,
        blank=True,
        validators=[RegexValidator(r"^\d{3}$", _("A municipality code has three digits."))],
        help_text=_("Three digits, e.g. 260 for Halsnæs. Only for municipalities."),
    )

    class Meta:
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality_code"],
                condition=~models.Q(municipality_code=""),
                name="unique_municipality_code",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="municipality", municipality_code__regex=r"^\d{3}$")
                | (~models.Q(kind="municipality") & models.Q(municipality_code="")),
                name="municipality_code_only_for_municipalities",
            ),
        ]

    def __str__(self):
        return self.name


class Infohus(models.Model):
    """The standing cooperation of one municipality and its police district."""

    name = models.CharField(_("name"), max_length=200)
    municipality = models.OneToOneField(
        Authority,
        on_delete=models.PROTECT,
        related_name="infohus",
        limit_choices_to={"kind": Authority.Kind.MUNICIPALITY},
        verbose_name=_("municipality"),
    )
    police_district = models.ForeignKey(
        Authority,
        on_delete=models.PROTECT,
        related_name="served_infohuse",
        limit_choices_to={"kind": Authority.Kind.POLICE_DISTRICT},
        verbose_name=_("police district"),
    )

    class Meta:
        verbose_name = _("Infohus")
        verbose_name_plural = _("Infohuse")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.municipality_id and self.municipality.kind != Authority.Kind.MUNICIPALITY:
            raise ValidationError({"municipality": _("Choose a municipality.")})
        if self.police_district_id and self.police_district.kind != Authority.Kind.POLICE_DISTRICT:
            raise ValidationError({"police_district": _("Choose a police district.")})


class Role(models.TextChoices):
    MUNICIPAL_COORDINATOR = "municipal_coordinator", _("Municipal coordinator")
    POLICE_COORDINATOR = "police_coordinator", _("Police coordinator")
    CASEWORKER = "caseworker", _("Caseworker")
    PARTICIPANT = "participant", _("Meeting participant")
    AUDITOR = "auditor", _("Data protection officer")
    ADMIN = "admin", _("Administrator")


class Department(models.TextChoices):
    """A department of the municipality: a recommendation is addressed to one, and a
    caseworker works in one (and sees what is addressed to it)."""

    CHILDREN_FAMILY = "children_family", _("Children and Family")
    JOBCENTER = "jobcenter", _("Jobcenter")
    ADULT_SOCIAL = "adult_social", _("Adult social services")
    SCHOOLS = "schools", _("Schools and day care")
    OTHER = "other", _("Other department")


class Membership(models.Model):
    """A user's role in one Infohus, on behalf of one of its authorities."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("user"))
    infohus = models.ForeignKey(
        Infohus, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("Infohus")
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("authority")
    )
    department = models.CharField(
        _("department"),
        max_length=30,
        choices=Department.choices,
        blank=True,
        help_text=_("For a caseworker: the municipal department they work in."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # The start page lists what was shared with the authority after this moment.
    shared_seen_at = models.DateTimeField(_("shared information last seen"), null=True, blank=True)
    # Two-person rule (infohus/role_approval.py): a role that reads case content, or any role
    # someone gives themself, granted outside trusted data loading waits, inactive, for a
    # second administrator.
    awaiting_approval = models.BooleanField(_("awaiting approval"), default=False)
    requested_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested"), null=True, blank=True)
    approved_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("approved by")
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["infohus__name", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "infohus", "role"], name="one_membership_per_role"),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.infohus}"

    def get_additional_data(self):
        """So the auditor finds role changes of their Infohus and authority."""
        return {"infohus_id": self.infohus_id, "owner_authority_id": self.authority_id}

    def clean(self):
        from infohus.policy import (  # the policy reads these models
            ROLE_SIDE,
            needs_department,
            speaks_for_any_authority,
        )

        if self.user_id and self.user.is_superuser:
            raise ValidationError(_("A superuser may not hold a role in an Infohus."))
        if not (self.infohus_id and self.authority_id):
            return
        own = {self.infohus.municipality_id, self.infohus.police_district_id}
        # A meeting participant speaks for any authority (psychiatry, Kriminalforsorgen, a school).
        if not speaks_for_any_authority(self.role) and self.authority_id not in own:
            raise ValidationError(
                {"authority": _("The authority must be the Infohus's municipality or police district.")}
            )
        if needs_department(self.role) != bool(self.department):
            raise ValidationError({"department": _("A caseworker works in a department; other roles have none.")})
        kind = ROLE_SIDE.get(self.role)
        if kind and self.authority.kind != kind:
            raise ValidationError({"authority": _("This role belongs to the %(kind)s.") % {"kind": kind.label.lower()}})


class AuditQuery(models.Model):
    """A search or export the data-protection officer made in the audit log.

    The auditor's own reading of the log is logged too (it is itself personal data).
    """

    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    criteria = models.JSONField(default=dict)
    result_count = models.PositiveIntegerField(default=0)
    exported = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("audit log search")
        verbose_name_plural = _("audit log searches")
        ordering = ["-at"]

    def __str__(self):
        return f"#{self.pk} {self.at:%Y-%m-%d %H:%M}"

    def get_additional_data(self):
        return {"infohus_id": self.membership.infohus_id, "owner_authority_id": self.membership.authority_id}
