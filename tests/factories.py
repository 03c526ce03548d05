import factory
from allauth.account.models import EmailAddress

from accounts.models import Role, User
from organisation.models import Branch, BranchKind, FocusArea, FocusTarget, Team

PASSWORD = "Korrekt-Hest-Batteri-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.dk")
    name = factory.Faker("name", locale="da_DK")
    role = Role.CITIZEN
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class StaffFactory(UserFactory):
    role = Role.STAFF


class ManagerFactory(UserFactory):
    role = Role.MANAGER


class BranchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Branch

    name = factory.Sequence(lambda n: f"Filial {n}")
    slug = factory.Sequence(lambda n: f"filial-{n}")
    kind = BranchKind.BRANCH
    address = "Bibliotekvej 1"
    postcode = "2770"
    city = "Kastrup"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Hold {n}")
    description = "Et hold"

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.set(extracted)


class FocusAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusArea

    name = factory.Sequence(lambda n: f"Indsatsområde {n}")
    slug = factory.Sequence(lambda n: f"indsats-{n}")
    summary = "Et indsatsområde"


class FocusTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusTarget

    focus_area = factory.SubFactory(FocusAreaFactory)
    description = "Børn, der deltager"
    target_value = 10000
    unit = "børn"
