from django.urls import path

from concerns import views

app_name = "concerns"

urlpatterns = [
    path("", views.concern_list, name="list"),
    path("ny/", views.concern_create, name="create"),
    path("politi/", views.police_queue, name="police_queue"),
    path("<int:pk>/", views.concern_detail, name="detail"),
    path("<int:pk>/rediger/", views.concern_edit, name="edit"),
    path("<int:pk>/send/", views.concern_submit, name="submit"),
    path("<int:pk>/politiets-afklaring/", views.police_decision, name="police_decision"),
    path("<int:pk>/traek-tilbage/", views.concern_withdraw, name="withdraw"),
    path("<int:pk>/start-indsamling/", views.concern_start_gathering, name="start_gathering"),
]
