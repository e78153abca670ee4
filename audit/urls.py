from django.urls import path

from audit import views

# No namespace: these names were the floor's before the pages moved here.
urlpatterns = [
    path("", views.audit_log, name="audit_log"),
    path("eksport/", views.audit_log_export, name="audit_log_export"),
    path("udvekslinger/", views.audit_exchanges, name="audit_exchanges"),
    path("indsigt/", views.audit_access_request, name="audit_access_request"),
    path("statistik/", views.statistics_page, name="statistics"),
    path("statistik/csv/", views.statistics_csv, name="statistics_csv"),
]
