"""A citation of a provision: act, article, part (paragraph), link."""

from __future__ import annotations

import re
from typing import Any, Mapping

import attrs

# Official numbers of the acts the bundled rules cite, with their names and pages. ``uk`` is the short
# name a court writes, ``cite`` the form it takes after "ст. 29" (the genitive): «ч. 3 ст. 29
# Конституції України», «ч. 15 ст. 289 КАС України». The official number stays in the JSON report
# (``basis[].act``); the names are for readers.
ACTS: dict[str, dict[str, Any]] = {
    "2747-IV": {"uk": "КАС України", "cite": "КАС України", "en": "Code of Administrative Procedure (KAS)",
                "url": "https://zakon.rada.gov.ua/laws/show/2747-15"},
    "8073-X": {"uk": "КУпАП", "cite": "КУпАП", "en": "Code on Administrative Offences (KUpAP)",
               "url": "https://zakon.rada.gov.ua/laws/show/80731-10"},
    "435-IV": {"uk": "ЦК України", "cite": "ЦК України", "en": "Civil Code",
               "url": "https://zakon.rada.gov.ua/laws/show/435-15"},
    "322-VIII": {"uk": "КЗпП України", "cite": "КЗпП України", "en": "Labour Code",
                 "url": "https://zakon.rada.gov.ua/laws/show/322-08"},
    "2136-IX": {"uk": "Закон України „Про організацію трудових відносин в умовах воєнного стану“",
                "cite": "Закону України „Про організацію трудових відносин в умовах воєнного стану“",
                "en": "Law 2136-IX (labour relations under martial law)", "url": "https://zakon.rada.gov.ua/laws/show/2136-20"},
    "2073-IX": {"uk": "Закон України „Про адміністративну процедуру“", "cite": "Закону України „Про адміністративну процедуру“",
                "en": "Law on Administrative Procedure", "url": "https://zakon.rada.gov.ua/laws/show/2073-20"},
    "3773-VI": {"uk": "Закон України „Про правовий статус іноземців та осіб без громадянства“",
                "cite": "Закону України „Про правовий статус іноземців та осіб без громадянства“",
                "en": "Law on the Legal Status of Foreigners and Stateless Persons",
                "url": "https://zakon.rada.gov.ua/laws/show/3773-17"},
    "3671-VI": {"uk": "Закон України „Про біженців та осіб, які потребують додаткового або тимчасового захисту“",
                "cite": "Закону України „Про біженців…“",
                "en": "Law on Refugees and Persons in Need of Complementary or Temporary Protection",
                "url": "https://zakon.rada.gov.ua/laws/show/3671-17"},
    "2491-III": {"uk": "Закон України „Про імміграцію“", "cite": "Закону України „Про імміграцію“", "en": "Law on Immigration",
                 "url": "https://zakon.rada.gov.ua/laws/show/2491-14"},
    "5492-VI": {"uk": "Закон України „Про Єдиний державний демографічний реєстр…“",
                "cite": "Закону України „Про Єдиний державний демографічний реєстр…“",
                "en": "Law on the Unified State Demographic Register and documents",
                "url": "https://zakon.rada.gov.ua/laws/show/5492-17"},
    "254к/96-ВР": {"uk": "Конституція України", "cite": "Конституції України", "en": "Constitution of Ukraine",
                   "url": "https://zakon.rada.gov.ua/laws/show/254к/96-вр"},
    "ECHR": {"uk": "Конвенція про захист прав людини і основоположних свобод",
             "cite": "Конвенції про захист прав людини і основоположних свобод", "part": "п.",  # articles have paragraphs
             "en": "European Convention on Human Rights", "url": "https://www.echr.coe.int/documents/d/echr/convention_ENG"},
    "ECHR Protocol 15": {"uk": "Протокол № 15 до Конвенції", "cite": "Протоколу № 15 до Конвенції",
                         "en": "Protocol No. 15 to the Convention", "url": "https://zakon.rada.gov.ua/laws/show/994_001-13"},
    "2503-XII": {"uk": "Положення про паспорт громадянина України", "cite": "Положення про паспорт громадянина України",
                 "en": "Regulation on the passport of a citizen of Ukraine", "url": "https://zakon.rada.gov.ua/laws/show/2503-12"},
    "321-2018-п": {"uk": "постанова КМУ від 25.04.2018 № 321", "cite": "постанови Кабінету Міністрів України від 25.04.2018 № 321",
                   "en": "Cabinet Resolution 321 of 25 April 2018", "url": "https://zakon.rada.gov.ua/laws/show/321-2018-п"},
    "302-2015-п": {"uk": "постанова КМУ від 26.05.2015 № 302", "cite": "постанови Кабінету Міністрів України від 26.05.2015 № 302",
                   "en": "Cabinet Resolution 302 of 26 May 2015", "url": "https://zakon.rada.gov.ua/laws/show/302-2015-п"},
    "Rules of Court of the ECtHR": {"uk": "Регламент ЄСПЛ", "cite": "Регламенту Європейського суду з прав людини",
                                    "en": "Rules of Court of the ECtHR", "article": "правило",  # rules, not articles
                                    "url": "https://www.echr.coe.int/documents/d/echr/rules_court_eng"},
    # Case law of the Supreme Court: the "article" is the case number and date, or a description of the chamber.
    "SC": {"uk": "Верховний Суд", "cite": "Верховного Суду", "en": "Supreme Court", "url": "https://reyestr.court.gov.ua/",
           "case_law": "постанова Верховного Суду",
           "articles": {"CAC joint chamber (KAS 286 case)":
                        "постанова об'єднаної палати Касаційного адміністративного суду Верховного Суду (справа за ст. 286 КАС України)"}},
    "RF 828/1997": {"uk": "постанова Уряду Російської Федерації від 08.07.1997 № 828",
                    "cite": "постанови Уряду Російської Федерації від 08.07.1997 № 828",
                    "en": "Russian Government Resolution 828 of 8 July 1997", "url": "https://www.consultant.ru/document/cons_doc_LAW_15085/"},
    "RF 2267/2023": {"uk": "постанова Уряду Російської Федерації № 2267 (2023 р.)",
                     "cite": "постанови Уряду Російської Федерації № 2267 (2023 р.)",
                     "en": "Russian Government Resolution 2267 (2023)", "url": "https://www.consultant.ru/"},
}


_CASE_NO = re.compile(r"^(\S+/\S+)\s*\((\d{2}\.\d{2}\.\d{4})\)$")  # "522/19225/18 (06.12.2019)"


def _case_law_uk(names: Mapping[str, Any], article: str) -> str:
    """«постанова Верховного Суду від 06.12.2019 у справі № 522/19225/18»."""
    m = _CASE_NO.match(article)
    if m:
        return f"{names['case_law']} від {m.group(2)} у справі № {m.group(1)}"
    return names.get("articles", {}).get(article, f"{names['case_law']}: {article}")


@attrs.frozen(cache_hash=True)  # keys the report's cache of rendered provisions
class Basis:
    act: str
    article: str | None = None
    part: str | None = None
    paragraph: str | None = None
    url: str | None = None
    note: str | None = None

    @classmethod
    def from_mapping(cls, m: Mapping[str, Any]) -> "Basis":
        return cls(**{k: (None if m.get(k) is None else str(m.get(k))) for k in
                      ("act", "article", "part", "paragraph", "url", "note")})

    def cite(self, lang: str = "en") -> str:
        """"2747-IV art 289 part 16" in English; in Ukrainian as a court writes it, the smallest unit first
        and the act's short name in the genitive: «ч. 16 ст. 289 КАС України», «абз. 1 ч. 2 ст. 122 КАС
        України». An act the table does not name keeps its official number."""
        # Articles are numbered ("289", "253-255"); a Cabinet resolution cites its annexed Procedure by name.
        numbered = bool(self.article) and self.article[:1].isdigit()
        if lang == "uk":
            names = ACTS.get(self.act, {})
            if "case_law" in names and self.article:
                return _case_law_uk(names, self.article)
            bits = []
            if self.paragraph:  # "item 1" is a numbered item (пункт), a bare number a paragraph (абзац)
                item = self.paragraph[5:] if self.paragraph.startswith("item ") else None
                bits.append(f"п. {item}" if item else "абз. " + self.paragraph)
            if self.part:
                bits.append(names.get("part", "ч.") + " " + self.part)
            if self.article:
                bits.append((names.get("article", "ст.") + " " + self.article) if numbered else self.article)
            if self.article and not numbered:  # «Порядок (…), постанова КМУ …»: the instrument, then its act
                return ", ".join((" ".join(bits), names.get("uk", self.act)))
            bits.append(names.get("cite", self.act))
            return " ".join(bits)
        bits = [self.act]
        if self.article:
            bits.append(("art " if numbered else "") + self.article)
        if self.part:
            bits.append("part " + self.part)
        if self.paragraph:
            bits.append("para " + self.paragraph)
        return " ".join(bits)

    def link(self) -> str | None:
        return self.url or ACTS.get(self.act, {}).get("url")
