"""French: reporting verbs (passé composé splits them: "a déclaré"), "selon", pronouns."""

from __future__ import annotations

import re

from services.detection.lexicon import Cues, Gender, words

CUES = Cues(
    language="fr",
    verbs=words(
        "dit déclaré affirmé expliqué souligné ajouté précisé indiqué estimé assuré martelé"
        " insisté rappelé confié lancé répondu averti prévenu annoncé reconnu admis noté"
        " déclare affirme explique souligne ajoute précise indique estime assure martèle"
        " insiste rappelle confie lance répond avertit annonce reconnaît dit-il dit-elle"
        " déclara affirma expliqua souligna ajouta précisa indiqua estima assura"
    ),
    complementizers=words("que qu'"),
    according=(re.compile(r"\b[Ss]elon (?P<who>[^,.;:]+)"),),
    pronouns={"il": Gender.MALE, "elle": Gender.FEMALE},
    titles={
        "m": Gender.MALE,
        "mme": Gender.FEMALE,
        "monsieur": Gender.MALE,
        "madame": Gender.FEMALE,
    },
    roles=words(
        "maire ministre président présidente juge porte-parole directeur directrice"
        " entraîneur procureur premier"
    ),
    not_names=words(
        "Le La Les Un Une Et Mais Ou Si En Dans Sur Pour Par Avec De Du Des Il Elle"
        " Nous Vous Ils Elles Selon Ce Cette Ces Son Sa Ses"
    ),
    name_particles=words("de du des le la"),
)
