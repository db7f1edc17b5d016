from accounts import demo as accounts_demo
from labs import demo
from labs.models import Enrolment, Lab
from labs.selectors import lab_catalogue


def test_demo_seeds_the_four_labs_of_seed_001_once(reference_data):
    accounts_demo.seed()
    assert demo.seed().startswith("4 Leer Labs created")
    assert demo.seed().startswith("0 Leer Labs created (4 in total), 0 enrolments")

    labs = {lab.title: lab for lab in lab_catalogue()}
    assert list(labs) == [
        "Startplan wijkaanpak aardgasvrij",
        "Doelgroepgerichte aanpak aardgasvrij-ready",
        "Organisatie inrichting warmtetransitie",
        "Verhaal warmtetransitie",
    ]
    confirmed, two_of_three, full, fresh = labs.values()
    assert confirmed.status == Lab.Status.CONFIRMED and confirmed.active_count == 3
    assert (two_of_three.status, two_of_three.active_count, two_of_three.min_participants) == ("open", 2, 3)
    assert (full.places_left, full.waiting_count) == (0, 2)
    assert fresh.active_count == 0 and fresh.start_date is None
    for lab in labs.values():
        assert lab.organiser_province.code == "PV27" and lab.eligible_area == "Noord-Holland"
        assert [a.email for a in lab.advisers.all()] == ["adviseur@warmteportaal.nl"]
        assert 2 <= lab.duration_months <= 6 and (lab.min_participants, lab.max_participants) == (3, 5)
    assert set(Enrolment.objects.values_list("municipality__province__code", flat=True)) == {"PV27"}
    assert Enrolment.objects.filter(enrolled_by__email="gemeente.zaanstad@warmteportaal.nl").count() == 3
