from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class InfohusConfig(AppConfig):
    name = "infohus"
    verbose_name = _("Infohus")

    def ready(self):
        from auditlog.registry import auditlog

        from infohus import sqlite
        from infohus.memberships import create_role_groups
        from infohus.models import AuditQuery, Infohus, Membership

        sqlite.install()

        auditlog.register(Membership)
        auditlog.register(AuditQuery)

        def make_role_groups(sender, instance, created, raw=False, **kwargs):
            # The groups that carry object permissions exist from the moment the Infohus does,
            # whoever creates it (admin site, demo data, tests), so no read path creates them.
            if created and not raw:
                create_role_groups(instance)

        post_save.connect(make_role_groups, sender=Infohus, dispatch_uid="infohus-role-groups", weak=False)

        # Permission ids are cached per process; a migrate or a test database's flush makes
        # them anew.
        from infohus.policy import forget_permission_ids

        post_migrate.connect(forget_permission_ids, dispatch_uid="infohus-permission-ids")
