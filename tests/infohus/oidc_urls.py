"""The app's URL conf as it is with OIDC_ENABLED on (infohus/urls.py reads the setting once,
at import, so the tests switch it on by pointing ROOT_URLCONF here)."""

from django.urls import include, path

from infohus.urls import urlpatterns as app_urlpatterns

urlpatterns = [*app_urlpatterns, path("", include("infohus.oidc"))]
