"""Starting cases for ``python -m procedure new detention|fine|refugee|document``.

Each is a valid case.json (tested) whose every event carries a ``note`` saying what the event is and
what to change (JSON has no comments), and whose ``notes`` says how to go on. The notes are in the
reader's language (``uk`` or ``en``); everything else is what the user types.
"""

from __future__ import annotations

import json
from typing import Any

from .i18n import check_lang

KINDS = ("detention", "fine", "refugee", "document")

_PERSON = {"uk": "Особа: id — будь-яке коротке позначення; дата народження потрібна для строків, що залежать від віку.",
           "en": "The person: id is any short label; the birth date is needed for terms that depend on age."}


def _t(uk: str, en: str) -> dict[str, str]:
    return {"uk": uk, "en": en}


_CASES: dict[str, dict[str, Any]] = {
    "detention": {
        "notes": _t("Затримання іноземця і позов про тримання (ст. 289 КАС України). Замініть дати й час на справжні; "
                    "додайте рішення суду, апеляцію, звільнення, коли вони настануть. Словник подій: python -m procedure events.",
                    "Detention of a foreigner and the claim to hold them (KAS art 289). Replace the dates and times with the real "
                    "ones; add the court decision, the appeal, the release when they happen. Vocabulary: python -m procedure events."),
        "events": [
            {"id": "detention", "type": "detained", "date": "2025-06-11", "time": "10:00", "person": "p",
             "by": "migration_service", "ground": "identification_expulsion",
             "note": _t("Фактичне затримання: дата і час за Києвом (від них рахуються 72 години, ч. 3 ст. 29 Конституції України); "
                        "by — хто затримав, ground — підстава.",
                        "The physical detention: date and Kyiv time (the 72 hours of Constitution art 29 run from it); "
                        "by: the detaining authority, ground: the ground.")},
            {"id": "claim", "type": "claim_filed", "date": "2025-06-12", "person": "p", "proceeding": "kas_289",
             "subject": "detention", "claimant": "authority",
             "note": _t("Позов органу про затримання (ст. 289 КАС України): суд розглядає його в день подання.",
                        "The authority's claim to detain (KAS art 289): the court hears it on the day it is filed.")},
        ],
    },
    "fine": {
        "notes": _t("Постанова про штраф у справі про адміністративне правопорушення (КУпАП). Замініть дати; додайте скаргу "
                    "чи позов, сплату штрафу, коли вони будуть.",
                    "A fine imposed in an administrative-offence case (KUpAP). Replace the dates; add the complaint or claim and "
                    "the payment when they happen."),
        "events": [
            {"id": "ruling", "type": "offence_ruling", "date": "2025-08-14", "person": "p", "issuer": "official", "penalty": "fine",
             "note": _t("Постанова про накладення штрафу: дата винесення; issuer — хто виніс (орган, посадова особа чи суд).",
                        "The ruling imposing the fine: the day it was made; issuer: who made it (a body, an official or a court).")},
            {"id": "served", "type": "offence_ruling_served", "date": "2025-08-15", "person": "p", "refs": ["ruling"],
             "note": _t("Вручення копії постанови: від цього дня рахуються 15 днів на сплату (ч. 1 ст. 307 КУпАП).",
                        "The copy of the ruling served: the 15 days to pay run from this day (KUpAP art 307 part 1).")},
        ],
    },
    "refugee": {
        "notes": _t("Заява про визнання біженцем або особою, яка потребує додаткового захисту. Додайте письмове повідомлення "
                    "про відмову (refugee_refusal_notice_received), коли його буде отримано: від нього рахуються строки оскарження.",
                    "A protection application. Add the written notice of refusal (refugee_refusal_notice_received) when it is "
                    "received: the appeal terms run from it."),
        "events": [
            {"id": "application", "type": "refugee_application_filed", "date": "2025-06-06", "person": "p",
             "note": _t("Заява подана до органу міграційної служби: 15 робочих днів на рішення про оформлення документів.",
                        "The application filed with the migration service: 15 working days to decide whether to process it.")},
        ],
    },
    "document": {
        "notes": _t("Документ особи та строки, що залежать від віку або строку дії. Замініть дату народження, вид і форму "
                    "документа, дату видачі.",
                    "A person's document and the terms that depend on age or validity. Replace the birth date, the document's "
                    "type and form, and the issue date."),
        "persons": [{"id": "p", "birth_date": "1979-09-03", "citizenship": ["RU"],
                     "documents": [{"id": "permit", "type": "permanent_residence_permit", "form": "booklet_2012",
                                    "issued": "2018-04-10"}]}],
        "events": [],
    },
}


def starting_case(kind: str, lang: str = "en") -> dict[str, Any]:
    """A valid case.json for ``kind`` (one of :data:`KINDS`), each event explained in its ``note``."""
    check_lang(lang)
    if kind not in _CASES:
        from .errors import UsageError

        raise UsageError("unknown kind of case", field="kind", found=repr(kind), expected=" or ".join(KINDS))
    src = _CASES[kind]
    case: dict[str, Any] = {"format": "procedure.case/1", "case_id": f"new-{kind}"}
    case["notes"] = src["notes"][lang] + " " + _PERSON[lang]
    case["persons"] = src.get("persons") or [{"id": "p", "birth_date": "1990-01-01"}]
    case["events"] = [{k: (v[lang] if k == "note" else v) for k, v in e.items()} for e in src["events"]]
    return json.loads(json.dumps(case))  # a fresh copy
