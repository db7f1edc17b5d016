"""counted_page: a page and its total from one query, answering as Paginator.get_page does."""

import pytest

from heatportal.paging import counted_page
from municipalities.models import Province

pytestmark = pytest.mark.django_db


@pytest.fixture
def provinces(reference_data):
    return Province.objects.order_by("code")  # the twelve provinces


def test_a_page_and_its_total_come_in_one_query(provinces, django_assert_num_queries):
    with django_assert_num_queries(1):
        page = counted_page(provinces, 5, "2")
    assert [p.code for p in page.object_list] == ["PV25", "PV26", "PV27", "PV28", "PV29"]
    assert (page.number, page.paginator.count, page.paginator.num_pages) == (2, 12, 3)
    assert page.has_previous() and page.has_next() and page.start_index() == 6


@pytest.mark.parametrize("number", [None, "", "nee", "2.0", "-3", "0", "9" * 5000])
def test_not_a_page_number_is_the_first_page(provinces, number):
    page = counted_page(provinces, 5, number)
    assert page.number == 1 and page.object_list[0].code == "PV20"


@pytest.mark.parametrize("number", ["4", "99", "99999999999999999999"])
def test_past_the_end_is_the_last_page(provinces, number, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # the empty page, the count, the last page
        page = counted_page(provinces, 5, number)
    assert page.number == 3 and [p.code for p in page.object_list] == ["PV30", "PV31"]


def test_nothing_is_one_empty_page(provinces):
    page = counted_page(provinces.none(), 5, "3")
    assert (page.number, page.paginator.count, list(page.object_list)) == (1, 0, [])
    assert not page.has_other_pages()
