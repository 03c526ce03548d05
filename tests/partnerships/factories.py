"""Factories for partnerships tests. Agreement factories build on the agreement models that
the data migration puts in place (partnerships/migrations/0002_*)."""

import factory

from partnerships.models import Partner, PartnerContact, PartnerKind


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Tårnby Læseforening {n}")
    slug = factory.Sequence(lambda n: f"partner-{n}")
    kind = PartnerKind.ASSOCIATION
    description = "En forening for læselystne borgere."
    is_public = True


class PartnerContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerContact

    partner = factory.SubFactory(PartnerFactory)
    name = factory.Sequence(lambda n: f"Kontakt Person {n}")
    role = "Formand"
    email = factory.Sequence(lambda n: f"kontakt{n}@forening.example.dk")
    may_sign = True
    is_primary = True
