"""The vocabulary of the heat transition that several apps speak: the ways off natural gas.

A wijk's planned alternative (progress) and the direction a sprint session agreed for a wijk
(outcomes) are the same choice; it lives here so that neither app imports the other for it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HeatAlternative(models.TextChoices):
    HEAT_NETWORK = "heat_network", _("Warmtenet")
    ALL_ELECTRIC = "all_electric", _("All-electric")
    HYBRID = "hybrid", _("Hybride warmtepomp (tussenstap)")
    GREEN_GAS = "green_gas", _("Groen gas")
    UNDECIDED = "undecided", _("Nog niet bepaald")
