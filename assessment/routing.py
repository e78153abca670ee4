from django.urls import path

from assessment.consumers import AgendaItemConsumer

websocket_urlpatterns = [
    path("ws/moeder/<int:meeting_pk>/punkter/<int:item_pk>/", AgendaItemConsumer.as_asgi(), name="ws_agenda_item"),
]
