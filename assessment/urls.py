from django.urls import path

from assessment.views import meeting as views
from assessment.views import recommendation

app_name = "assessment"

urlpatterns = [
    path("moeder/", views.meeting_list, name="list"),
    path("moeder/planlaeg/", views.meeting_schedule, name="schedule"),
    path("moeder/<int:pk>/", views.meeting_detail, name="detail"),
    path("moeder/<int:pk>/dagsorden/", views.agenda_add, name="agenda_add"),
    path("moeder/<int:pk>/dagsorden/<int:item_pk>/flyt/", views.agenda_move, name="agenda_move"),
    path("moeder/<int:pk>/dagsorden/<int:item_pk>/fjern/", views.agenda_remove, name="agenda_remove"),
    path("moeder/<int:pk>/dagsorden/<int:item_pk>/del/", views.share, name="share"),
    path("moeder/<int:pk>/inviter/", views.invite_user, name="invite_user"),
    path("moeder/<int:pk>/inviter-ekstern/", views.invite_external, name="invite_external"),
    path("moeder/<int:pk>/deltagere/<int:participant_pk>/fjern/", views.uninvite, name="uninvite"),
    path("moeder/<int:pk>/aabn/", views.meeting_open, name="open"),
    path("moeder/<int:pk>/luk/", views.meeting_close, name="close"),
    path("moeder/<int:pk>/referat/", views.minutes, name="minutes"),
    path("moeder/<int:pk>/deltag/", views.enter, name="enter"),
    path("moeder/<int:pk>/punkter/<int:item_pk>/", views.room, name="room"),
    path("moeder/<int:pk>/punkter/<int:item_pk>/score/", views.score, name="score"),
    path("moeder/<int:pk>/punkter/<int:item_pk>/egen-score/", views.own_score, name="own_score"),
    path("moeder/<int:pk>/punkter/<int:item_pk>/note/", views.note, name="note"),
    path("moeder/<int:pk>/punkter/<int:item_pk>/afslut/", views.close_analysis, name="close_analysis"),
    path("invitation/<uidb64>/<token>/", views.invitation, name="invitation"),
    # Redskab 4 and the follow-up (pk: the concern)
    path("anbefalinger/<int:pk>/", recommendation.recommendation, name="recommendation"),
    path("anbefalinger/<int:pk>/skriv/", recommendation.write, name="recommendation_write"),
    path("anbefalinger/<int:pk>/godkend/<int:version_pk>/", recommendation.approve, name="recommendation_approve"),
    path("anbefalinger/<int:pk>/pdf/", recommendation.recommendation_pdf, name="recommendation_pdf"),
    path(
        "anbefalinger/<int:pk>/opfoelgning/<int:recommendation_pk>/modtaget/",
        recommendation.acknowledge,
        name="acknowledge",
    ),
    path("anbefalinger/<int:pk>/opfoelgning/<int:recommendation_pk>/", recommendation.follow_up, name="follow_up"),
    path("anbefalinger/<int:pk>/luk/", recommendation.close, name="close_concern"),
    path("bekymringer/<int:pk>/politiet-tilbagetraekker/", recommendation.take_over, name="take_over"),
]
