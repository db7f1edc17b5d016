from pathlib import Path

from django.core.management.base import BaseCommand

from municipalities.services import BUNDLED_DATA_DIR, BUNDLED_DIVISION_YEAR, reference_data_load


class Command(BaseCommand):
    help = "Load provinces, RES regions and municipalities of a CBS division (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            type=Path,
            default=BUNDLED_DATA_DIR,
            help="Folder with provinces.csv, res_regions.csv, municipalities.csv "
            "and optionally mergers.csv (old_cbs_code,new_cbs_code,date).",
        )
        parser.add_argument(
            "--year", type=int, default=BUNDLED_DIVISION_YEAR, help="Year of the CBS division in that folder."
        )

    def handle(self, *args, dir, year, **options):
        report = reference_data_load(directory=dir, division_year=year)
        self.stdout.write(
            f"Reference data {year}: {len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.ended)} ended" + (f" ({', '.join(report.ended)})" if report.ended else "")
        )
