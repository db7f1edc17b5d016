"""Municipal boundaries for the progress map, read once from the bundled CBS GeoJSON."""

import gzip
import json
import re
from functools import cache, lru_cache

from municipalities.services import BUNDLED_DATA_DIR


@cache
def _features() -> list[dict]:
    with (BUNDLED_DATA_DIR / "municipalities.geojson").open(encoding="utf-8") as handle:
        return json.load(handle)["features"]


CODE = re.compile(r"^(ES|PV)\d{2}$")


@lru_cache(maxsize=64)
def boundaries_geojson(*, region: str = "", province: str = "") -> str:
    """A FeatureCollection of the municipalities of REGION (ES..) or PROVINCE (PV..), or all.
    Anything that is not such a code counts as no filter (the cache stays small)."""
    region = region if CODE.match(region) else ""
    province = province if CODE.match(province) else ""
    features = [
        feature
        for feature in _features()
        if (not region or feature["properties"]["res_code"] == region)
        and (not province or feature["properties"]["province_code"] == province)
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))


@lru_cache(maxsize=64)
def boundaries_geojson_gzip(*, region: str = "", province: str = "") -> bytes:
    """The same, gzipped once: the country's 160 KB travel as about 35 KB. Public reference data
    with no secret beside it, so compressing it gives nothing away (BREACH)."""
    return gzip.compress(boundaries_geojson(region=region, province=province).encode(), mtime=0)
