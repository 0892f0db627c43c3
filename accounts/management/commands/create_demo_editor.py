import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import Author
from accounts.roles import EDITOR, REPORTER

ROLES = {"editor": EDITOR, "reporter": REPORTER}

PASSWORD_VARIABLE = "NEWSROOM_DEMO_PASSWORD"  # noqa: S105 - a variable name, not a secret


class Command(BaseCommand):
    help = (
        "Create a demo desk account (an editor unless --role says reporter) for local development. "
        f"The password comes from {PASSWORD_VARIABLE} or is generated and printed once. "
        "Refused when DEBUG is off."
    )

    def add_arguments(self, parser):
        parser.add_argument("--role", choices=ROLES, default="editor")
        parser.add_argument("--username", help="Defaults to the role's name.")

    def handle(self, *args, role, username, **options):
        username = username or role
        if not settings.DEBUG:
            raise CommandError("Demo accounts are for local development only; DEBUG is off.")
        chosen_password = os.environ.get(PASSWORD_VARIABLE, "")

        User = get_user_model()
        with transaction.atomic():
            user = User.objects.filter(username=username).first()
            if user is not None:
                if chosen_password:
                    user.set_password(chosen_password)
                    user.save(update_fields=["password"])
                    self.stdout.write(
                        f"Demo {role} {username!r} exists; password set from {PASSWORD_VARIABLE}."
                    )
                else:
                    self.stdout.write(
                        f"Demo {role} {username!r} exists; its password is unchanged "
                        f"(`manage.py changepassword {username}` to reset it)."
                    )
                return

            password = chosen_password or secrets.token_urlsafe(12)
            title = ROLES[role]
            user = User.objects.create_user(
                username=username,
                email=f"{username}@localhost",
                password=password,
                is_staff=True,
                first_name="Demo",
                last_name=title,
            )
            user.groups.add(Group.objects.get(name=title))
            # Their byline, so the desk knows which articles are theirs.
            Author.objects.get_or_create(
                slug=f"demo-{username}", defaults={"name": f"Demo {title}", "job_title": title, "user": user}
            )

        self.stdout.write(self.style.SUCCESS(f"Created demo {role} {username!r}."))
        if chosen_password:
            self.stdout.write(f"Its password is the one in {PASSWORD_VARIABLE}.")
        else:
            self.stdout.write(f"  username: {username}\n  password: {password}\n(shown only this once)")
