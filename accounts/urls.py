from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("<slug:slug>/", views.author_detail, name="author"),
]
