from django.urls import path

from .views import office, operator

app_name = "notices"

urlpatterns = [
    path("", office.notice_list, name="list"),
    path("new/", office.notice_create, name="create"),
    path("<int:pk>/", office.notice_detail, name="detail"),
    path("<int:pk>/sign/", office.notice_sign, name="sign"),
    path("<int:pk>/board/", office.board, name="board"),
    path("<int:pk>/board.<str:fmt>", office.board_export, name="board_export"),
    path("<int:pk>/print/", office.notice_print, name="print"),
    path("<int:pk>/meeting/", office.meeting, name="meeting"),
    path("<int:pk>/minutes/", office.minutes_upload, name="minutes_upload"),
    path("<int:pk>/minutes/<int:file_pk>/", office.minutes_download, name="minutes_download"),
    path("<int:pk>/follow-up/", office.follow_up, name="follow_up"),
    path("received/<int:pk>/", operator.received, name="received"),
    path("received/<int:pk>/acknowledge/", operator.acknowledge, name="acknowledge"),
    path("received/<int:pk>/file/", operator.file_from_notice, name="file"),
    path("received/<int:pk>/print/", operator.received_print, name="received_print"),
]
