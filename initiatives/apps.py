from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "initiatives"

    def ready(self):
        from activities.signals import activity_held

        from .services import on_activity_held

        activity_held.connect(on_activity_held, dispatch_uid="initiatives.on_activity_held")
