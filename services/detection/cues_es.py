"""Spanish: reporting verbs, "según", pronouns, roles."""

from __future__ import annotations

import re

from services.detection.lexicon import Cues, Gender, words

CUES = Cues(
    language="es",
    verbs=words(
        "dijo afirmó aseguró explicó señaló añadió declaró indicó sostuvo destacó subrayó"
        " advirtió agregó comentó manifestó insistió recordó apuntó reconoció admitió"
        " dice afirma asegura explica señala añade declara indica sostiene destaca subraya"
        " advierte agrega comenta manifiesta insiste recuerda apunta reconoce"
    ),
    complementizers=words("que"),
    according=(re.compile(r"\b[Ss]egún (?P<who>[^,.;:]+)"),),
    pronouns={"él": Gender.MALE, "ella": Gender.FEMALE},
    titles={"sr": Gender.MALE, "sra": Gender.FEMALE, "don": Gender.MALE, "doña": Gender.FEMALE},
    roles=words(
        "alcalde alcaldesa ministro ministra presidente presidenta juez jueza portavoz"
        " director directora entrenador fiscal"
    ),
    not_names=words("El La Los Las Un Una Y Pero O Si En Con Por Para De Del Al Según Este Esta"),
    name_particles=words("de del la las los y"),
)
