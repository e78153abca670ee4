"""The URL conf sits on top of every app: it includes theirs by name, so the floor imports
none of them."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from infohus import health, second_factor_views, views

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("", include("portal.urls")),
    path("log-ind/", views.LoginView.as_view(), name="login"),
    path("log-ud/", auth_views.LogoutView.as_view(), name="logout"),
    path("log-ind/kode/", second_factor_views.second_factor_step, name="second_factor"),
    path("log-ind/opsaet-kode/", second_factor_views.enrol_step, name="enrol_second_factor"),
    path("vaelg-rolle/", views.select_membership, name="select_membership"),
    path("brugere/", views.members, name="members"),
    path(
        "brugere/<int:pk>/nulstil-totrinslogin/",
        second_factor_views.reset_second_factor,
        name="reset_second_factor",
    ),
    path("sprog/", login_not_required(set_language), name="set_language"),
    path("revision/", include("audit.urls")),
    path("bekymringer/", include("concerns.urls")),
    path("", include("assessment.urls")),
    path("teknisk-admin/", admin.site.urls),
]

if settings.OIDC_ENABLED:
    # Single sign-on (README, "Single sign-on"): /oidc/authenticate/ and /oidc/callback/.
    urlpatterns += [path("", include("infohus.oidc"))]
