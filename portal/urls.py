from django.urls import path

from portal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("delt-med-os/set/", views.shared_seen, name="shared_seen"),
    path("tilgaengelighed/", views.accessibility, name="accessibility"),
    path("privatliv/", views.privacy, name="privacy"),
]
