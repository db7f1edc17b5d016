import factory

from accounts.models import Role, User
from municipalities.models import Contact, Municipality, Organisation


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"gebruiker{n}@example.org")
    full_name = factory.Faker("name", locale="nl_NL")
    password = factory.django.Password("geheim-wachtwoord-1")


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    user = factory.SubFactory(UserFactory)
    kind = Role.Kind.PROGRAMME_ADVISER


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    type = Organisation.Type.HOUSING_CORPORATION

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create and extracted:
            self.municipalities.set(extracted)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    name = factory.Faker("name", locale="nl_NL")
    email = factory.Sequence(lambda n: f"contact{n}@example.org")
    organisation = factory.SubFactory(OrganisationFactory)


def user_with_role(kind: str, scope=None, **kwargs) -> User:
    user = UserFactory(**kwargs)
    field = Role.SCOPE_FIELD[kind]
    Role.objects.create(user=user, kind=kind, **({field: scope} if field else {}))
    return user


def municipality(code: str) -> Municipality:
    return Municipality.objects.select_related("province", "res_region").get(cbs_code=code)
