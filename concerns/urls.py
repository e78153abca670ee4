from django.urls import path

from concerns.views import concern, gathering

app_name = "concerns"

urlpatterns = [
    path("", concern.concern_list, name="list"),
    path("ny/", concern.concern_create, name="create"),
    path("politi/", concern.police_queue, name="police_queue"),
    path("<int:pk>/", concern.concern_detail, name="detail"),
    path("<int:pk>/rediger/", concern.concern_edit, name="edit"),
    path("<int:pk>/send/", concern.concern_submit, name="submit"),
    path("<int:pk>/politiets-afklaring/", concern.police_decision, name="police_decision"),
    path("<int:pk>/traek-tilbage/", concern.concern_withdraw, name="withdraw"),
    path("<int:pk>/start-indsamling/", concern.concern_start_gathering, name="start_gathering"),
    path("<int:pk>/tilbage-til-indsamling/", concern.concern_send_back, name="send_back"),
    path("<int:pk>/indsamling/", gathering.gathering, name="gathering"),
    path("<int:pk>/indsamling/anmodning/", gathering.request_add, name="request_add"),
    path(
        "<int:pk>/indsamling/anmodning/<int:request_pk>/besvaret/", gathering.request_received, name="request_received"
    ),
    path("<int:pk>/indsamling/oplysning/", gathering.item_add, name="item_add"),
    path("<int:pk>/oplysning/<int:item_pk>/", gathering.item_detail, name="item"),
    path("<int:pk>/oplysning/<int:item_pk>/bilag/", gathering.item_attachment, name="item_attachment"),
    path("<int:pk>/del/", gathering.share, name="share"),
    path("<int:pk>/udvekslinger/", gathering.exchanges, name="exchanges"),
    path("<int:pk>/udvekslinger/<int:exchange_pk>/tilbagekald/", gathering.exchange_revoke, name="exchange_revoke"),
    path("<int:pk>/indsamling/afslut/", gathering.finish_gathering, name="finish_gathering"),
]
