"""A citation of a provision: act, article, part (paragraph), link."""

from __future__ import annotations

from typing import Any, Mapping

import attrs

# Official numbers of the acts the bundled rules cite, with their short names and pages.
ACTS: dict[str, dict[str, str]] = {
    "2747-IV": {"uk": "КАС України", "en": "Code of Administrative Procedure (KAS)",
                "url": "https://zakon.rada.gov.ua/laws/show/2747-15"},
    "8073-X": {"uk": "КУпАП", "en": "Code on Administrative Offences (KUpAP)",
               "url": "https://zakon.rada.gov.ua/laws/show/80731-10"},
    "435-IV": {"uk": "Цивільний кодекс України", "en": "Civil Code", "url": "https://zakon.rada.gov.ua/laws/show/435-15"},
    "322-VIII": {"uk": "Кодекс законів про працю України", "en": "Labour Code",
                 "url": "https://zakon.rada.gov.ua/laws/show/322-08"},
    "2136-IX": {"uk": "Закон № 2136-IX (трудові відносини в умовах воєнного стану)",
                "en": "Law 2136-IX (labour relations under martial law)", "url": "https://zakon.rada.gov.ua/laws/show/2136-20"},
    "2073-IX": {"uk": "Закон «Про адміністративну процедуру»", "en": "Law on Administrative Procedure",
                "url": "https://zakon.rada.gov.ua/laws/show/2073-20"},
    "3773-VI": {"uk": "Закон «Про правовий статус іноземців та осіб без громадянства»",
                "en": "Law on the Legal Status of Foreigners and Stateless Persons",
                "url": "https://zakon.rada.gov.ua/laws/show/3773-17"},
    "3671-VI": {"uk": "Закон «Про біженців та осіб, які потребують додаткового або тимчасового захисту»",
                "en": "Law on Refugees and Persons in Need of Complementary or Temporary Protection",
                "url": "https://zakon.rada.gov.ua/laws/show/3671-17"},
    "2491-III": {"uk": "Закон «Про імміграцію»", "en": "Law on Immigration", "url": "https://zakon.rada.gov.ua/laws/show/2491-14"},
    "5492-VI": {"uk": "Закон «Про Єдиний державний демографічний реєстр...»",
                "en": "Law on the Unified State Demographic Register and documents",
                "url": "https://zakon.rada.gov.ua/laws/show/5492-17"},
    "254к/96-ВР": {"uk": "Конституція України", "en": "Constitution of Ukraine",
                   "url": "https://zakon.rada.gov.ua/laws/show/254к/96-вр"},
    "ECHR": {"uk": "Конвенція про захист прав людини і основоположних свобод",
             "en": "European Convention on Human Rights", "url": "https://www.echr.coe.int/documents/d/echr/convention_ENG"},
}


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
        """e.g. "2747-IV art 289 part 16" / "2747-IV ст. 289 ч. 16"."""
        uk = lang == "uk"
        bits = [self.act]
        if self.article:
            # Articles are numbered ("289", "253-255"); a Cabinet resolution cites its annexed Procedure by name.
            numbered = self.article[:1].isdigit()
            bits.append((("ст. " if uk else "art ") if numbered else "") + self.article)
        if self.part:
            bits.append(("ч. " if uk else "part ") + self.part)
        if self.paragraph:
            bits.append(("абз. " if uk else "para ") + self.paragraph)
        return " ".join(bits)

    def link(self) -> str | None:
        return self.url or ACTS.get(self.act, {}).get("url")
