from django.urls import path

from assessment import views

app_name = "assessment"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("planlaeg/", views.meeting_schedule, name="schedule"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/dagsorden/", views.agenda_add, name="agenda_add"),
    path("<int:pk>/dagsorden/<int:item_pk>/flyt/", views.agenda_move, name="agenda_move"),
    path("<int:pk>/dagsorden/<int:item_pk>/fjern/", views.agenda_remove, name="agenda_remove"),
    path("<int:pk>/dagsorden/<int:item_pk>/del/", views.share, name="share"),
    path("<int:pk>/inviter/", views.invite_user, name="invite_user"),
    path("<int:pk>/inviter-ekstern/", views.invite_external, name="invite_external"),
    path("<int:pk>/deltagere/<int:participant_pk>/fjern/", views.uninvite, name="uninvite"),
    path("<int:pk>/aabn/", views.meeting_open, name="open"),
    path("<int:pk>/luk/", views.meeting_close, name="close"),
    path("<int:pk>/referat/", views.minutes, name="minutes"),
    path("<int:pk>/deltag/", views.enter, name="enter"),
    path("<int:pk>/punkter/<int:item_pk>/", views.room, name="room"),
    path("<int:pk>/punkter/<int:item_pk>/score/", views.score, name="score"),
    path("<int:pk>/punkter/<int:item_pk>/egen-score/", views.own_score, name="own_score"),
    path("<int:pk>/punkter/<int:item_pk>/note/", views.note, name="note"),
    path("<int:pk>/punkter/<int:item_pk>/afslut/", views.close_analysis, name="close_analysis"),
    path("invitation/<uidb64>/<token>/", views.invitation, name="invitation"),
]
