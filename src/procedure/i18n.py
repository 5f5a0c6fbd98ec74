"""Every message the library shows, in Ukrainian and English.

Messages are ``str.format`` templates keyed by a code; parameters that are themselves localised are
``{"uk": ..., "en": ...}`` mappings and are resolved to the requested language before formatting.
``tests/test_i18n.py`` checks that every code has both languages and the same placeholders.
"""

from __future__ import annotations

import string
from typing import Any, Mapping

LANGS = ("uk", "en")

MESSAGES: dict[str, dict[str, str]] = {
    # --- steps of a computation -------------------------------------------------------------------
    "anchor": {"uk": "Початок відліку: {event} від {date}.", "en": "Anchor: {event} of {date}."},
    "anchor_deadline": {"uk": "Строк рахується від закінчення строку «{title}» ({date}).",
                        "en": "The term runs from the end of the term \"{title}\" ({date})."},
    "anchor_birthday": {"uk": "Особа народилася {birth}; вік {age} років досягнуто {date}.",
                        "en": "Born {birth}; age {age} reached on {date}."},
    "anchor_field": {"uk": "Початок відліку: {field} = {date}.", "en": "Anchor: {field} = {date}."},
    "deemed_service_251": {"uk": "Надіслано до електронного кабінету {date} о {time} (пізніше 17:00): вважається врученим {served} — наступного робочого дня (КАС ст. 251 ч. 6).",
                           "en": "Sent to the e-cabinet on {date} at {time} (after 17:00): deemed served on {served}, the next working day (KAS art 251 part 6)."},
    "start_next_day": {"uk": "Перебіг строку починається наступного дня після {anchor}, тобто {start}.",
                       "en": "The term starts the day after {anchor}, i.e. on {start}."},
    "count_back_from": {"uk": "Строк відраховується назад від {anchor}.", "en": "Counted back from {anchor}."},
    "same_day": {"uk": "Дію належить вчинити в той самий день, {date}.", "en": "The act is due on the same day, {date}."},
    "short_term_working_days": {"uk": "Строк {n} дн. не перевищує {limit} днів, тому обчислюється в робочих днях.",
                                "en": "A term of {n} days is at most {limit} days, so it counts working days."},
    "add_days": {"uk": "{n} календарних днів: останній день {date}.", "en": "{n} calendar days: last day {date}."},
    "subtract_days": {"uk": "{n} календарних днів назад: {date}.", "en": "{n} calendar days back: {date}."},
    "add_working_days": {"uk": "{n}-й робочий день після дати відліку: {date}.",
                         "en": "The {n}th working day after the anchor: {date}."},
    "subtract_working_days": {"uk": "{n}-й робочий день до дати відліку: {date}.",
                              "en": "The {n}th working day before the anchor: {date}."},
    "add_months": {"uk": "Строк {term} закінчується відповідного числа: {date}.",
                   "en": "A term of {term} ends on the same-numbered day: {date}."},
    "subtract_months": {"uk": "{term} назад: {date}.", "en": "{term} back: {date}."},
    "month_end_clamp": {"uk": "У місяці немає {day}-го числа, тому строк закінчується в останній день місяця, {date}.",
                        "en": "The month has no day {day}, so the term ends on its last day, {date}."},
    "month_end_next_month": {"uk": "У місяці немає {day}-го числа; за цією конвенцією строк закінчується {date}.",
                             "en": "The month has no day {day}; under this convention the term ends on {date}."},
    "add_hours": {"uk": "{n} год. від {from} спливають {to} (київський час).",
                  "en": "{n} hours from {from} end at {to} (Kyiv time)."},
    "dst_change": {"uk": "Між цими моментами змінився час (зсув {from} → {to}); години рахуються фактично.",
                   "en": "Clocks changed in between (offset {from} → {to}); elapsed hours are counted."},
    "rollover_forward": {"uk": "{date} — неробочий день ({reasons}), тому останній день переноситься на {to}.",
                         "en": "{date} is not a working day ({reasons}), so the last day moves to {to}."},
    "rollover_backward": {"uk": "{date} — неробочий день ({reasons}); при зворотному відліку переноситься на попередній робочий день, {to}.",
                          "en": "{date} is not a working day ({reasons}); counting back, it moves to the previous working day, {to}."},
    "no_rollover": {"uk": "{date} — неробочий день ({reasons}), але цей строк не переноситься.",
                    "en": "{date} is not a working day ({reasons}), but this term does not move."},
    "martial_law_holiday_working": {"uk": "{date}: {reasons} (Закон 2136-IX ст. 6 ч. 6), тому строк не переноситься.",
                                    "en": "{date}: {reasons} (Law 2136-IX art 6 part 6), so the term does not move."},
    "martial_law_unknown_no_effect": {"uk": "Дані про воєнний стан відомі до {known_until}; результат не залежить від того, чи він триває.",
                                      "en": "Martial-law data is known until {known_until}; the result is the same whether or not it continues."},
    "fixed_until": {"uk": "Строк «до {date}»: останній день — {date}.", "en": "A term \"until {date}\": the last day is {date}."},
    "fixed_before": {"uk": "Строк «до {date}» прочитано як «раніше {date}»: останній день {due}.",
                     "en": "A term \"before {date}\" read as ending the day before: last day {due}."},
    "due": {"uk": "Останній день строку: {date}, до 24:00 за київським часом.",
            "en": "Last day of the term: {date}, until 24:00 Kyiv time."},
    "due_limit": {"uk": "Стан має припинитися не пізніше {date}.", "en": "The state must end no later than {date}."},
    "extended": {"uk": "Строк продовжено подією {event} від {date} на {term}; загальний строк {total} від початкової дати.",
                 "en": "Extended by {event} of {date} by {term}; total {total} from the original anchor."},
    "capped": {"uk": "Строк обмежено максимумом {term}.", "en": "The term is capped at {term}."},
    "cap_reached": {"uk": "Строк досяг максимуму {term}: подальше продовження неможливе.",
                    "en": "The term has reached its maximum of {term}: no further extension is possible."},
    "term_limited": {"uk": "У події зазначено {value}; застосовано не більше {term} (максимум одного строку).",
                     "en": "The event gives {value}; at most {term} applies (the maximum of one term)."},
    "term_default": {"uk": "Подія не вказує {field}; враховано {term} (загальне правило).",
                     "en": "The event does not give {field}; {term} is counted (the general rule)."},
    "term_from_field": {"uk": "Тривалість узято з події: {field} = {value}.", "en": "Length taken from the event: {field} = {value}."},
    "suspended": {"uk": "Перебіг зупинено {from} і відновлено {to}: строк подовжено на {days} дн.",
                  "en": "Running stopped on {from} and resumed on {to}: the end moves by {days} days."},
    "suspended_open": {"uk": "Перебіг зупинено {from} і не відновлено.", "en": "Running stopped on {from} and not resumed."},
    "closed_by": {"uk": "Закрито подією {event} від {date}.", "en": "Closed by {event} of {date}."},
    "trigger_missing": {"uk": "Подія, що запускає строк ({events}), відсутня; є пов'язана подія {event} від {date}.",
                        "en": "The event that starts this term ({events}) is missing; a related event {event} of {date} exists."},
    "attr_inherited": {"uk": "У події {event} не вказано {attr}; узято {attr} = {value} з події {from}, на яку вона посилається.",
                       "en": "Event {event} does not state {attr}; {attr} = {value} is taken from event {from}, which it refers to."},
    "chain_period": {"uk": "Період {n} ланцюга рішень: від {event} до {next} ({date}), яке його продовжило.",
                     "en": "Period {n} of a chain of orders: from {event} until {next} ({date}), which continued it."},
    "continued_by": {"uk": "Період закінчено рішенням {event} від {date}, яке продовжило строк.",
                     "en": "The period ended with {event} of {date}, which extended the term."},
    "not_begun": {"uk": "Відлік почнеться {start}, після дати оцінки {as_of}: строк ще не почався.",
                  "en": "Counting starts on {start}, after the as-of date {as_of}: the term has not begun."},
    "closed_via": {"uk": "Подія {event} посилається на {via}, яка відповідає на {trigger}: вона відповідає і на {trigger}.",
                   "en": "Event {event} refers to {via}, which answers {trigger}: so it answers {trigger} too."},
    "version": {"uk": "Застосовано редакцію, чинну з {from}{to}.", "en": "Version in force from {from}{to} applies."},
    # --- ambiguities -----------------------------------------------------------------------------
    "month_end_unsettled": {"uk": "У місяці немає {day}-го числа; закон не визначає, чи строк закінчується {date} чи {other}. Показано раніший.",
                            "en": "The month has no day {day}; the rule does not settle whether the term ends on {date} or {other}. The earlier is shown."},
    "feb29_anchor": {"uk": "Початок — 29 лютого; у невисокосному році строк закінчується {date} (можливе прочитання: {other}).",
                     "en": "Anchor on 29 February; in a common year the term ends on {date} (other reading: {other})."},
    "feb29_birthday": {"uk": "Народження 29 лютого: у невисокосному році вік досягається {date} (можливе прочитання: {other}, тоді строк спливає {other_due}).",
                       "en": "Born on 29 February: in a common year the age is taken as reached on {date} (other reading: {other}, ending the term on {other_due})."},
    "martial_law_unknown": {"uk": "Дані про воєнний стан відомі лише до {known_until}; припущено «{assumed}». Якщо інакше — {other}.",
                            "en": "Martial-law data is known only until {known_until}; assumed \"{assumed}\". Otherwise: {other}."},
    "convention_alternative": {"uk": "Інше прочитання правила обчислення ({other_title}) дає {other}.",
                               "en": "Another reading of the counting rule ({other_title}) gives {other}."},
    "before_date_inclusive": {"uk": "«До {date}» може означати, що {date} включно; показано обережніше прочитання ({due}).",
                              "en": "\"Before {date}\" may include {date} itself; the cautious reading ({due}) is shown."},
    "rule_note": {"uk": "{note}", "en": "{note}"},
    "suspension_counting": {"uk": "Чи зараховуються день зупинення і день поновлення провадження, не усталено: строк може спливати {other}.",
                            "en": "Whether the day of suspension and the day of resumption count is not settled: the term may end on {other}."},
    "time_unknown": {"uk": "Час події не вказано; прийнято 00:00 {date} (найраніший момент, обережний кінець строку).",
                     "en": "The time of the event is not given; 00:00 on {date} is assumed (the earliest moment, a cautious end)."},
    "closing_time_unknown": {"uk": "Час події {event} ({date}) не вказано; строк спливає {due_at}: чи вона настала вчасно, залежить від години. Обережне прочитання — наприкінці дня.",
                             "en": "The time of event {event} ({date}) is not given; the limit ends at {due_at}: whether it came in time depends on the hour. The cautious reading takes the end of the day."},
    "closer_attr_unknown": {"uk": "Подія {event} закриває цей строк, лише якщо {attrs} має відповідне значення, а вона його не вказує: обережне прочитання — не закрито. Додайте {attrs} до події {event}.",
                            "en": "Event {event} closes this term only if its {attrs} has the right value, which it does not state: the cautious reading is not closed. Add {attrs} to event {event}."},
    # --- day reasons -----------------------------------------------------------------------------
    "weekend": {"uk": "вихідний день", "en": "weekend"},
    "holiday": {"uk": "святковий день: {name}", "en": "public holiday: {name}"},
    "transfer": {"uk": "перенесений вихідний: {name}", "en": "transferred day off: {name}"},
    "worked_saturday": {"uk": "робоча субота", "en": "worked Saturday"},
    "martial_law_holiday": {"uk": "{name}, робочий день під час воєнного стану", "en": "{name}, a working day under martial law"},
    "closure": {"uk": "неробочий день: {name}", "en": "non-working day: {name}"},
    # --- statuses --------------------------------------------------------------------------------
    "status.open": {"uk": "відкритий", "en": "open"},
    "status.due_soon": {"uk": "спливає", "en": "due soon"},
    "status.overdue": {"uk": "пропущено", "en": "overdue"},
    "status.met": {"uk": "дотримано", "en": "met"},
    "status.met_late": {"uk": "дотримано із запізненням", "en": "met late"},
    "status.exceeded": {"uk": "перевищено", "en": "exceeded"},
    "status.not_started": {"uk": "не розпочато", "en": "not started"},
    "status.ambiguous": {"uk": "неоднозначно", "en": "ambiguous"},
    "status.upcoming": {"uk": "ще не почався", "en": "upcoming"},
    "status.ended": {"uk": "завершено", "en": "ended"},
    # --- alert levels --------------------------------------------------------------------------------
    "level.critical": {"uk": "КРИТИЧНО", "en": "CRITICAL"},
    "level.warning": {"uk": "УВАГА", "en": "WARNING"},
    "level.info": {"uk": "ДОВІДКА", "en": "INFO"},
    # --- alerts ----------------------------------------------------------------------------------
    "alert.due_soon": {"uk": "{title}: спливає {due} (залишилось {days} дн.).", "en": "{title}: due {due} ({days} days left)."},
    "alert.due_today": {"uk": "{title}: сьогодні останній день ({due}).", "en": "{title}: today is the last day ({due})."},
    "alert.overdue": {"uk": "{title}: строк сплив {due}.", "en": "{title}: the term ended on {due}."},
    "alert.exceeded": {"uk": "{title}: граничний строк {due} перевищено.", "en": "{title}: the limit of {due} is exceeded."},
    "alert.met_late": {"uk": "{title}: виконано {closed} — після строку {due}.", "en": "{title}: done on {closed}, after the term ended on {due}."},
    "alert.not_started": {"uk": "{title}: строк не розпочався — немає події, що його запускає.",
                          "en": "{title}: the term has not started: the event that starts it is missing."},
    "alert.ambiguous": {"uk": "{title}: закон допускає кілька прочитань ({dates}).", "en": "{title}: the law allows more than one reading ({dates})."},
    "alert.ambiguous_input": {"uk": "{title}: результат залежить від того, чого справа не вказує ({dates}); обережне прочитання — перше.",
                              "en": "{title}: the result depends on what the case does not say ({dates}); the cautious reading is first."},
    "alert.event_after_as_of": {"uk": "Подія {event} ({date}) пізніша за дату оцінки {as_of}.",
                                "en": "Event {event} ({date}) is after the as-of date {as_of}."},
    "alert.timeline": {"uk": "Подія {event} ({date}) раніша за подію {ref} ({ref_date}), на яку вона посилається.",
                       "en": "Event {event} ({date}) is earlier than the event it refers to, {ref} ({ref_date})."},
    "report.past_known_martial_law": {
        "uk": "Увага: дані про воєнний стан відомі лише до {known_until}, а {what} пізніше. Припущено «{assumed}»; дата, що від цього залежить, має прочитання martial_law_unknown з іншою датою. Продовження додається одним рядком у rules/calendar/martial-law.yaml (docs/time.md).",
        "en": "Note: martial-law data is known only until {known_until}, and {what} later. Assumed \"{assumed}\"; a date that depends on it carries a martial_law_unknown reading with the other date. An extension is added as one line in rules/calendar/martial-law.yaml (docs/time.md)."},
    "report.past_known_as_of": {"uk": "дата звіту {as_of}", "en": "the as-of date {as_of} is"},
    "report.past_known_dates": {"uk": "обчислених дат: {n}", "en": "{n} computed date(s) are"},
    "report.past_known_both": {"uk": "дата звіту {as_of} і обчислених дат: {n} —", "en": "the as-of date {as_of} and {n} computed date(s) are"},
    "alert.assumption": {"uk": "Після {known_until} дані про воєнний стан невідомі; припущено «{assumed}».",
                         "en": "Martial-law data ends on {known_until}; assumed \"{assumed}\" after that."},
    "alert.beyond_maximum": {
        "uk": "{title}: подія {event} встановлює {term}, більше за максимум одного строку ({max}, {basis}); враховано {max}. Перевищення саме є підставою для оскарження.",
        "en": "{title}: event {event} orders {term}, more than the maximum of one term ({max}, {basis}); {max} is counted. The excess is itself a ground to argue."},
    "alert.default_assumed": {
        "uk": "{title}: подія {event} не вказує {attr}; враховано {term} (загальне правило). Якщо встановлено коротший строк, додайте {attr} до події {event}.",
        "en": "{title}: event {event} does not give {attr}; {term} is counted (the general rule). If a shorter term was set, add {attr} to event {event}."},
    "alert.incomplete_input": {
        "uk": "Подія {event} може запускати строк «{title}» ({rule}), але в ній немає {attrs}: звіт не може визначити, чи цей строк спливає. Якщо він застосовується, додайте до події {event} {add} (допустимі значення — {values}).",
        "en": "Event {event} may start \"{title}\" ({rule}) but has no {attrs}: the report cannot tell whether this term runs. If it applies, add {add} to event {event} (allowed values: {values})."},
    "alert.out_of_range": {
        "uk": "«{title}» ({rule}; особа {person}, документ {document}, подія {event}): обчислена дата {date} поза межами календаря ({first} — {last}). Цей строк не обчислено: перевірте його вручну.",
        "en": "\"{title}\" ({rule}; person {person}, document {document}, event {event}): the computed date {date} is outside the legal calendar ({first} to {last}). This deadline is not computed: check it by hand."},
    "alert.unattached_closer": {
        "uk": "{title}: подія {event} могла б закрити цей строк, але не посилається на {trigger}. Якщо вона відповідає на {trigger}, додайте \"{trigger}\" до її refs (або подію, яка відповідає на {trigger}).",
        "en": "{title}: event {event} could close this term but does not refer to {trigger}. If it answers {trigger}, add \"{trigger}\" to its refs (or the event that answers {trigger})."},
    # --- a caseload: agenda, changes, impact (procedure.agendas) -----------------------------------
    "agenda.title": {"uk": "Порядок денний — станом на {as_of}; строки з {start} до {end}, а також пропущені, перевищені й неоднозначні",
                     "en": "Agenda — as of {as_of}; due {start} to {end}, and everything overdue, exceeded or ambiguous"},
    "agenda.summary": {"uk": "Справ: {cases}; відхилено: {refused}; строків у порядку денному: {items}.",
                       "en": "Cases: {cases}; refused: {refused}; deadlines on the agenda: {items}."},
    "agenda.alerts": {"uk": "СПОВІЩЕННЯ", "en": "ALERTS"},
    "agenda.deadlines": {"uk": "СТРОКИ ЗА ДНЯМИ", "en": "DEADLINES BY DAY"},
    "agenda.errors": {"uk": "ВІДХИЛЕНІ ФАЙЛИ (кожен з проблемами; решту оцінено)",
                      "en": "FILES REFUSED (each with its problems; the rest were evaluated)"},
    "agenda.no_date": {"uk": "Без дати", "en": "No date"},
    "agenda.none": {"uk": "У цьому періоді строків немає.", "en": "Nothing due in this window."},
    "agenda.today": {"uk": "сьогодні", "en": "today"},
    "agenda.in_days": {"uk": "через {days}", "en": "in {days}"},
    "agenda.days_ago": {"uk": "{days} тому", "en": "{days} ago"},
    "agenda.or": {"uk": "або {date}", "en": "or {date}"},
    "agenda.weekdays": {"uk": "пн вт ср чт пт сб нд", "en": "Mon Tue Wed Thu Fri Sat Sun"},
    "agenda.head": {"uk": "Справа|Особа|Що належить зробити|Чия дія|Днів|Статус|Підстава",
                    "en": "Case|Person|What is due|Whose act|Days|Status|Basis"},
    "agenda.party.person": {"uk": "особа", "en": "person"},
    "agenda.party.authority": {"uk": "орган", "en": "authority"},
    "agenda.party.court": {"uk": "суд", "en": "court"},
    "agenda.party.any": {"uk": "будь-хто", "en": "anyone"},
    "agenda.stamp": {"uk": "Не є юридичною консультацією; перевірте дати за текстом акта.",
                     "en": "Not legal advice; check the dates against the act."},
    "changes.title": {"uk": "ЗМІНИ: {old_as_of} → {new_as_of}", "en": "CHANGES: {old_as_of} → {new_as_of}"},
    "changes.none": {"uk": "Змін немає.", "en": "No changes."},
    "changes.new": {"uk": "Нові строки", "en": "New deadlines"},
    "changes.entered": {"uk": "(увійшов у період)", "en": "(came into the window)"},
    "changes.closed": {"uk": "Закриті", "en": "Closed"},
    "changes.gone": {"uk": "(більше не в порядку денному)", "en": "(no longer on the agenda)"},
    "changes.moved": {"uk": "Перенесені", "en": "Moved"},
    "changes.earlier": {"uk": "РАНІШЕ", "en": "EARLIER"},
    "changes.later": {"uk": "пізніше", "en": "later"},
    "changes.status": {"uk": "Змінився статус", "en": "Status changed"},
    "changes.alerts": {"uk": "Нові сповіщення", "en": "New alerts"},
    "impact.title": {"uk": "ЩО ЗМІНЮЄ НОВЕ ПРАВО: {new}", "en": "WHAT THE NEW LAW MOVES: {new}"},
    "impact.summary": {"uk": "Справ: {cases}; відхилено: {refused}; змінених строків: {changed}.",
                       "en": "Cases: {cases}; refused: {refused}; deadlines that change: {changed}."},
    "impact.none": {"uk": "Жоден строк не змінюється.", "en": "No deadline changes."},
    "impact.added": {"uk": "новий строк", "en": "new deadline"},
    "impact.removed": {"uk": "строк зникає", "en": "deadline disappears"},
    "impact.basis": {"uk": "підстава", "en": "basis"},
    "impact.before": {"uk": "Зараз", "en": "Now"},
    "impact.after": {"uk": "За новим правом", "en": "Under the new law"},
    # --- units -----------------------------------------------------------------------------------
}

_UNITS = {
    "year": {"en": ("year", "years"), "uk": ("рік", "роки", "років")},
    "month": {"en": ("month", "months"), "uk": ("місяць", "місяці", "місяців")},
    "day": {"en": ("day", "days"), "uk": ("день", "дні", "днів")},
    "working_day": {"en": ("working day", "working days"), "uk": ("робочий день", "робочі дні", "робочих днів")},
    "hour": {"en": ("hour", "hours"), "uk": ("година", "години", "годин")},
}


def plural_unit(n: int, unit: str, lang: str = "en") -> str:
    forms = _UNITS[unit][lang if lang in LANGS else "en"]
    if lang == "uk":
        if n % 10 == 1 and n % 100 != 11:
            f = forms[0]
        elif 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            f = forms[1]
        else:
            f = forms[2]
    else:
        f = forms[0] if n == 1 else forms[1]
    return f"{n} {f}"


def localise(value: Any, lang: str) -> Any:
    # dict, not typing.Mapping: every parameter is built as a dict, and an ABC check on each of some
    # fifty parameters per report is most of the cost of rendering one.
    if isinstance(value, dict) and value and value.keys() <= _LANG_KEYS:
        return value.get(lang) or value.get("en") or value.get("uk")
    return value


_LANG_KEYS = frozenset(("uk", "en"))


def _reasons_text(reasons: Any, lang: str) -> str:
    out = []
    for r in reasons or ():
        name = localise(r.get("name"), lang) if isinstance(r, dict) else ""
        out.append(message(r["code"], {"name": name}, lang))
    return ", ".join(out)


def message(code: str, params: Mapping[str, Any] | None = None, lang: str = "en") -> str:
    """Render message ``code`` in ``lang`` (``uk`` or ``en``)."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {LANGS}")
    template = MESSAGES[code][lang]
    values = _Defaulting()
    if params:
        for k, v in params.items():
            if k == "reasons":
                values[k] = _reasons_text(v, lang)
            else:
                values[k] = localise(v, lang)
    return template.format_map(values)


class _Defaulting(dict):
    def __missing__(self, key: str) -> str:  # a missing parameter shows as itself, never crashes a report
        return "{" + key + "}"
