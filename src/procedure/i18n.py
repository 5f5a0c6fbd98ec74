"""Every message the library shows, in Ukrainian and English.

Messages are ``str.format`` templates keyed by a code; parameters that are themselves localised are
``{"uk": ..., "en": ...}`` mappings and are resolved to the requested language before formatting.
``tests/test_i18n.py`` checks that every code has both languages and the same placeholders.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Mapping

LANGS = ("uk", "en")

MESSAGES: dict[str, dict[str, str]] = {
    # --- steps of a computation -------------------------------------------------------------------
    # {event} is the event named by what it is, the case's id in brackets: «Затримання» (detention).
    "anchor": {"uk": "Початок відліку: {event}, {date}.", "en": "Anchor: {event} of {date}."},
    "anchor_deadline": {"uk": "Строк обчислюється від закінчення строку «{title}» ({date}).",
                        "en": "The term runs from the end of the term \"{title}\" ({date})."},
    "anchor_birthday": {"uk": "Особа народилася {birth}; {age}-річного віку досягає {date}.",
                        "en": "Born {birth}; age {age} reached on {date}."},
    "anchor_field": {"uk": "Початок відліку: {field} — {date}.", "en": "Anchor: {field}: {date}."},
    "deemed_service_251": {"uk": "Надіслано до електронного кабінету {date} о {time} (після 17:00): вважається врученим {served} — наступного робочого дня (ч. 6 ст. 251 КАС України).",
                           "en": "Sent to the e-cabinet on {date} at {time} (after 17:00): deemed served on {served}, the next working day (KAS art 251 part 6)."},
    "start_next_day": {"uk": "Перебіг строку починається наступного дня після {anchor}, тобто {start}.",
                       "en": "The term starts the day after {anchor}, i.e. on {start}."},
    "count_back_from": {"uk": "Строк обчислюється у зворотному напрямку від {anchor}.", "en": "Counted back from {anchor}."},
    "same_day": {"uk": "Дію належить вчинити того самого дня, {date}.", "en": "The act is due on the same day, {date}."},
    "short_term_working_days": {"uk": "Строк {n} дн. не перевищує {limit} днів, тому обчислюється в робочих днях.",
                                "en": "A term of {n} days is at most {limit} days, so it counts working days."},
    "add_days": {"uk": "Строк {n} календарних днів спливає {date}.", "en": "{n} calendar days: last day {date}."},
    "subtract_days": {"uk": "{n} календарних днів у зворотному напрямку: {date}.", "en": "{n} calendar days back: {date}."},
    "add_working_days": {"uk": "{n}-й робочий день після дня початку відліку — {date}.",
                         "en": "Working day {n} after the anchor: {date}."},
    "subtract_working_days": {"uk": "{n}-й робочий день до дня початку відліку — {date}.",
                              "en": "Working day {n} before the anchor: {date}."},
    "add_months": {"uk": "Строк {term} спливає у відповідне число останнього місяця строку: {date}.",
                   "en": "A term of {term} ends on the same-numbered day: {date}."},
    "subtract_months": {"uk": "{term} у зворотному напрямку: {date}.", "en": "{term} back: {date}."},
    "month_end_clamp": {"uk": "У місяці немає {day}-го числа, тому строк спливає в останній день місяця, {date}.",
                        "en": "The month has no day {day}, so the term ends on its last day, {date}."},
    "month_end_next_month": {"uk": "У місяці немає {day}-го числа; за цим правилом обчислення строк спливає {date}.",
                             "en": "The month has no day {day}; under this convention the term ends on {date}."},
    "add_hours": {"uk": "{n} год., що обчислюються з {from}, спливають {to} (за київським часом).",
                  "en": "{n} hours from {from} end at {to} (Kyiv time)."},
    "dst_change": {"uk": "У цей період змінювався час (зміщення {from} → {to}); години обчислено фактично.",
                   "en": "Clocks changed in between (offset {from} → {to}); elapsed hours are counted."},
    "rollover_forward": {"uk": "{date} — неробочий день ({reasons}), тому останнім днем строку є наступний за ним робочий день, {to}.",
                         "en": "{date} is not a working day ({reasons}), so the last day moves to {to}."},
    "rollover_backward": {"uk": "{date} — неробочий день ({reasons}); при зворотному обчисленні строк спливає в попередній робочий день, {to}.",
                          "en": "{date} is not a working day ({reasons}); counting back, it moves to the previous working day, {to}."},
    "no_rollover": {"uk": "{date} — неробочий день ({reasons}), але цей строк не переноситься.",
                    "en": "{date} is not a working day ({reasons}), but this term does not move."},
    "martial_law_holiday_working": {"uk": "{date}: {reasons} (ч. 6 ст. 6 Закону України „Про організацію трудових відносин в умовах воєнного стану“), тому строк не переноситься.",
                                    "en": "{date}: {reasons} (Law 2136-IX art 6 part 6), so the term does not move."},
    "martial_law_unknown_no_effect": {"uk": "Дані про воєнний стан відомі до {known_until}; результат не залежить від того, чи він триває.",
                                      "en": "Martial-law data is known until {known_until}; the result is the same whether or not it continues."},
    "fixed_until": {"uk": "Строк «до {date}»: останній день — {date}.", "en": "A term \"until {date}\": the last day is {date}."},
    "fixed_before": {"uk": "Строк «до {date}» розтлумачено як такий, що спливає напередодні: останній день — {due}.",
                     "en": "A term \"before {date}\" read as ending the day before: last day {due}."},
    "due": {"uk": "Останній день строку — {date}, до 24:00 за київським часом.",
            "en": "Last day of the term: {date}, until 24:00 Kyiv time."},
    "due_limit": {"uk": "Стан має припинитися не пізніше {date}.", "en": "The state must end no later than {date}."},
    "extended": {"uk": "Строк продовжено ({event}, {date}) на {term}; загальний строк — {total} від первісної дати.",
                 "en": "Extended by {event} of {date} by {term}; total {total} from the original anchor."},
    "capped": {"uk": "Строк обмежено граничним строком {term}.", "en": "The term is capped at {term}."},
    "cap_reached": {"uk": "Строк досяг граничного строку {term}: подальше продовження неможливе.",
                    "en": "The term has reached its maximum of {term}: no further extension is possible."},
    "term_limited": {"uk": "У події зазначено {value}; застосовано не більше {term} (найбільший строк, що може бути встановлений).",
                     "en": "The event gives {value}; at most {term} applies (the maximum of one term)."},
    "term_default": {"uk": "У події не зазначено: {field}; враховано {term} (загальне правило).",
                     "en": "The event does not give {field}; {term} is counted (the general rule)."},
    # {field} is what the attribute means (never its name), {value} the term with its unit.
    "term_from_field": {"uk": "{field}: {value}.", "en": "{field}: {value}."},
    "set_term": {"uk": "Подія {event} встановлює строк: {term}; діє: {party}.",
                 "en": "Event {event} sets a term: {term}; to act: {party}."},
    "set_term_extends": {"uk": "Цей строк продовжує (замінює) строк, установлений подією {ids}.",
                         "en": "This term extends (replaces) the term set by event {ids}."},
    "set_term_counting": {"uk": "Строк обчислюється за правилом «{title}» (`{convention}`).",
                          "en": "The term is counted under \"{title}\" (`{convention}`)."},
    "counting_unknown_no_effect": {"uk": "Не вказано, за яким законом обчислюється строк; результат той самий за будь-якого з правил (`{conventions}`).",
                                   "en": "The case does not say under which law the term is counted; the result is the same under each (`{conventions}`)."},
    "stated_term_same": {"uk": "В акті зазначено строк {term}; він спливає того самого дня, що й строк, установлений законом ({date}).",
                         "en": "The act states a term of {term}; it ends on the same day as the term the law sets ({date})."},
    "stated_term_earlier": {"uk": "В акті зазначено строк {term}, що спливає {date} — раніше, ніж строк, установлений законом ({law}). Показано раніший день; день за законом — інше тлумачення.",
                            "en": "The act states a term of {term}, ending on {date} — earlier than the term the law sets ({law}). The earlier day is shown; the law's day is the other reading."},
    "stated_term_later": {"uk": "В акті зазначено строк {term}, що спливає {date} — пізніше, ніж строк, установлений законом ({law}). Показано день за законом; день за актом — інше тлумачення.",
                          "en": "The act states a term of {term}, ending on {date} — later than the term the law sets ({law}). The law's day is shown; the act's day is the other reading."},
    "term_named_day": {"uk": "Останній день названо в акті ({field}): {date}; строк не обчислюється.",
                       "en": "The act names the last day ({field}): {date}; nothing is counted."},
    "suspended": {"uk": "Перебіг строку зупинено {from} і відновлено {to}: строк подовжується на {days} дн.",
                  "en": "Running stopped on {from} and resumed on {to}: the end moves by {days} days."},
    "suspended_open": {"uk": "Перебіг строку зупинено {from} і не відновлено.", "en": "Running stopped on {from} and not resumed."},
    "closed_by": {"uk": "Виконано: {event}, {date}.", "en": "Closed by {event} of {date}."},
    "trigger_missing": {"uk": "Подія, з якої починається перебіг строку ({events}), у справі відсутня; є пов'язана подія: {event}, {date}.",
                        "en": "The event that starts this term ({events}) is missing; a related event exists: {event} of {date}."},
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
    "month_end_unsettled": {"uk": "У місяці немає {day}-го числа; закон не визначає, чи строк спливає {date}, чи {other}. Показано раніший день.",
                            "en": "The month has no day {day}; the rule does not settle whether the term ends on {date} or {other}. The earlier is shown."},
    "feb29_anchor": {"uk": "Початок відліку — 29 лютого; у невисокосному році строк спливає {date} (інше тлумачення: {other}).",
                     "en": "Anchor on 29 February; in a common year the term ends on {date} (other reading: {other})."},
    "feb29_birthday": {"uk": "Особа народилася 29 лютого: у невисокосному році вік вважається досягнутим {date} (інше тлумачення: {other}, тоді строк спливає {other_due}).",
                       "en": "Born on 29 February: in a common year the age is taken as reached on {date} (other reading: {other}, ending the term on {other_due})."},
    "martial_law_unknown": {"uk": "Дані про воєнний стан відомі лише до {known_until}; припущено, що {assumed}. Інакше — {other}.",
                            "en": "Martial-law data is known only until {known_until}; assumed: {assumed}. Otherwise: {other}."},
    "convention_alternative": {"uk": "Інше тлумачення правила обчислення ({other_title}) дає {other}.",
                               "en": "Another reading of the counting rule ({other_title}) gives {other}."},
    "before_date_inclusive": {"uk": "«До {date}» може означати, що {date} включається до строку; показано обережніше тлумачення ({due}).",
                              "en": "\"Before {date}\" may include {date} itself; the cautious reading ({due}) is shown."},
    "rule_note": {"uk": "{note}", "en": "{note}"},
    "named_day_before_event": {"uk": "Названий останній день {date} раніший за подію {event} ({event_date}), від якої рахується строк: строк сплив ще до її настання. Якщо строк рахується від іншої дати, зазначте її; встановлений строк може продовжити суд (КАС ст. 121 ч. 2) чи орган (Закон № 2073-IX ст. 33 ч. 5).",
                               "en": "The named last day, {date}, is before event {event} ({event_date}) that the term runs from: it ended before it began. If the term runs from another day, record it; a term set by a court or a body may be extended by it (KAS art 121 part 2; Law 2073-IX art 33 part 5)."},
    "named_day_not_working": {"uk": "Названий в акті останній день {date} — неробочий; чи переноситься він, як останній день обчисленого строку (КАС ст. 120 ч. 6; Закон № 2073-IX ст. 33 ч. 3), не усталено: показано названий день, інше тлумачення — {other}.",
                              "en": "The last day the act names, {date}, is not a working day; whether it moves like the last day of a counted term (KAS art 120 part 6; Law 2073-IX art 33 part 3) is not settled: the named day is shown, the other reading is {other}."},
    "suspension_counting": {"uk": "Чи зараховуються до строку день зупинення і день поновлення провадження, не усталено: строк може спливати {other}.",
                            "en": "Whether the day of suspension and the day of resumption count is not settled: the term may end on {other}."},
    "time_unknown": {"uk": "Час події не зазначено; прийнято 00:00 {date} (найраніший момент, обережніший кінець строку).",
                     "en": "The time of the event is not given; 00:00 on {date} is assumed (the earliest moment, a cautious end)."},
    "closing_time_unknown": {"uk": "Час події {event} ({date}) не вказано; строк спливає {due_at}: чи вона настала вчасно, залежить від години. Обережніше тлумачення — кінець дня.",
                             "en": "The time of event {event} ({date}) is not given; the limit ends at {due_at}: whether it came in time depends on the hour. The cautious reading takes the end of the day."},
    "applies_if_absent": {"uk": "Строк обчислено, бо подія {event} не вказує {field}; якщо там `{excluded}`, строк не застосовується. Додайте {field}.",
                          "en": "This term is computed because event {event} does not state {field}; if it is `{excluded}`, the term does not apply. Add {field}."},
    "date_unknown": {"uk": "Дата події невідома, відомі лише межі: {dates}; у цих межах результат різний. Першим показано обережніше тлумачення; вкажіть дату події, щоб звіт визначив результат.",
                     "en": "The date of an event is not known, only its bounds: {dates}; within them the result differs. The cautious reading is shown first; give the event's date for the report to decide."},
    "closer_attr_unknown": {"uk": "Подія {event} закриває цей строк, лише якщо {attrs} має відповідне значення, а вона його не вказує: за обережнішим тлумаченням строк не закрито. Додайте {attrs} до події {event}.",
                            "en": "Event {event} closes this term only if its {attrs} has the right value, which it does not state: the cautious reading is not closed. Add {attrs} to event {event}."},
    # --- day reasons -----------------------------------------------------------------------------
    "weekend": {"uk": "вихідний день", "en": "weekend"},
    "holiday": {"uk": "святковий день: {name}", "en": "public holiday: {name}"},
    "transfer": {"uk": "перенесений вихідний: {name}", "en": "transferred day off: {name}"},
    "worked_saturday": {"uk": "робоча субота", "en": "worked Saturday"},
    "martial_law_holiday": {"uk": "{name}, робочий день в умовах воєнного стану", "en": "{name}, a working day under martial law"},
    "closure": {"uk": "неробочий день: {name}", "en": "non-working day: {name}"},
    # --- statuses --------------------------------------------------------------------------------
    "status.open": {"uk": "триває", "en": "open"},
    "status.due_soon": {"uk": "спливає", "en": "due soon"},
    "status.overdue": {"uk": "пропущено", "en": "overdue"},
    "status.met": {"uk": "виконано в строк", "en": "met"},
    "status.met_late": {"uk": "виконано після спливу строку", "en": "met late"},
    "status.exceeded": {"uk": "сплив", "en": "exceeded"},
    "status.not_started": {"uk": "не розпочався", "en": "not started"},
    "status.ambiguous": {"uk": "неоднозначно", "en": "ambiguous"},
    "status.upcoming": {"uk": "ще не почався", "en": "upcoming"},
    "status.ended": {"uk": "завершено", "en": "ended"},
    # --- alert levels --------------------------------------------------------------------------------
    "level.critical": {"uk": "НЕГАЙНО", "en": "CRITICAL"},
    "level.warning": {"uk": "ПОПЕРЕДЖЕННЯ", "en": "WARNING"},
    "level.info": {"uk": "ДОВІДКА", "en": "INFO"},
    # --- whose act it is (a rule's party) ------------------------------------------------------------
    "party.court": {"uk": "суд", "en": "court"},
    "party.authority": {"uk": "орган влади", "en": "authority"},
    "party.person": {"uk": "особа/адвокат", "en": "person/lawyer"},
    "party.any": {"uk": "будь-хто", "en": "anyone"},
    # --- kinds of term ---------------------------------------------------------------------------------
    "kind.act_by": {"uk": "строк для дії", "en": "act by"},
    "kind.limit": {"uk": "граничний строк", "en": "limit"},
    # --- martial law after the known periods ----------------------------------------------------------
    "martial_law.continues": {"uk": "воєнний стан триває", "en": "martial law continues"},
    "martial_law.ended": {"uk": "воєнний стан припинено", "en": "martial law has ended"},
    # --- alerts ----------------------------------------------------------------------------------
    "alert.due_soon": {"uk": "{title}: строк спливає {due} (залишилось {days} дн.).", "en": "{title}: due {due} ({days} days left)."},
    "alert.due_today": {"uk": "{title}: сьогодні останній день строку ({due}).", "en": "{title}: today is the last day ({due})."},
    "alert.overdue": {"uk": "{title}: строк сплив {due}.", "en": "{title}: the term ended on {due}."},
    "alert.exceeded": {"uk": "{title}: граничний строк сплив {due}.", "en": "{title}: the limit of {due} is exceeded."},
    "alert.met_late": {"uk": "{title}: виконано {closed}, після спливу строку {due}.", "en": "{title}: done on {closed}, after the term ended on {due}."},
    "alert.not_started": {"uk": "{title}: перебіг строку не розпочався — у справі немає події, з якої він починається.",
                          "en": "{title}: the term has not started: the event that starts it is missing."},
    "alert.ambiguous": {"uk": "{title}: закон допускає кілька тлумачень ({dates}).", "en": "{title}: the law allows more than one reading ({dates})."},
    "alert.ambiguous_input": {"uk": "{title}: результат залежить від того, чого справа не вказує ({dates}); обережніше тлумачення — перше.",
                              "en": "{title}: the result depends on what the case does not say ({dates}); the cautious reading is first."},
    "alert.event_after_as_of": {"uk": "Подія {event} ({date}) пізніша за дату, станом на яку оцінено справу ({as_of}).",
                                "en": "Event {event} ({date}) is after the as-of date {as_of}."},
    "alert.timeline": {"uk": "Подія {event} ({date}) раніша за подію {ref} ({ref_date}), на яку вона посилається.",
                       "en": "Event {event} ({date}) is earlier than the event it refers to, {ref} ({ref_date})."},
    "report.past_known_martial_law": {
        "uk": "Увага: дані про воєнний стан відомі лише до {known_until}, а {what} пізніше. Припущено, що {assumed}; дата, яка від цього залежить, має інше тлумачення з іншою датою. Продовження воєнного стану додається одним рядком у `rules/calendar/martial-law.yaml` (`docs/time.md`).",
        "en": "Note: martial-law data is known only until {known_until}, and {what} later. Assumed \"{assumed}\"; a date that depends on it carries a martial_law_unknown reading with the other date. An extension is added as one line in rules/calendar/martial-law.yaml (docs/time.md)."},
    "report.past_known_as_of": {"uk": "дата звіту {as_of}", "en": "the as-of date {as_of} is"},
    "report.past_known_dates": {"uk": "обчислених дат: {n}", "en": "{n} computed date(s) are"},
    "report.past_known_both": {"uk": "дата звіту {as_of} і обчислених дат: {n} —", "en": "the as-of date {as_of} and {n} computed date(s) are"},
    "alert.beyond_maximum": {
        "uk": "{title}: подія {event} встановлює {term}, більше за максимум одного строку ({max}, {basis}); враховано {max}. Перевищення саме є підставою для оскарження.",
        "en": "{title}: event {event} orders {term}, more than the maximum of one term ({max}, {basis}); {max} is counted. The excess is itself a ground to argue."},
    "alert.beyond_cap": {
        "uk": "{title}: разом із подією {event} рішення встановлюють строк {term}, що перевищує граничний загальний строк ({max}, {basis}); враховано {max}. Перевищення саме є підставою для оскарження.",
        "en": "{title}: with event {event} the orders add up to {term}, more than the maximum total term ({max}, {basis}); {max} is counted. The excess is itself a ground to argue."},
    "alert.counting_unknown": {
        "uk": "Подія {event} встановлює строк {term}, але не вказано, за яким законом він обчислюється: за правилом `{first_convention}` він спливає {first}, за правилом `{other_convention}` — {other}. Показано раніший день. Додайте до `sets_term` події {event} `counting: lap_33` (акт адміністративного органу, Закон № 2073-IX ст. 33: строк до десяти днів — у робочих днях) або `counting: kas_120` (суд, КАС ст. 120).",
        "en": "Event {event} sets a term of {term} but does not say under which law it is counted: under `{first_convention}` it ends on {first}, under `{other_convention}` on {other}. The earlier day is shown. Add `counting: lap_33` (an act of an administrative body, Law 2073-IX art 33: ten days or less in working days) or `counting: kas_120` (a court, KAS art 120) to `sets_term` of event {event}."},
    "alert.default_assumed": {
        "uk": "{title}: подія {event} не вказує {attr}; враховано {term} (загальне правило). Якщо встановлено коротший строк, додайте {attr} до події {event}.",
        "en": "{title}: event {event} does not give {attr}; {term} is counted (the general rule). If a shorter term was set, add {attr} to event {event}."},
    "alert.incomplete_input": {
        "uk": "Подія {event} може запускати строк «{title}» ({rule}), але в ній немає {attrs}: звіт не може визначити, чи цей строк спливає. Якщо він застосовується, додайте до події {event} {add}; якщо ні — вкажіть значення, яке діє (допустимі значення — {values}).",
        "en": "Event {event} may start \"{title}\" ({rule}) but has no {attrs}: the report cannot tell whether this term runs. If it applies, add {add} to event {event}; if not, give the value that holds (allowed values: {values})."},
    "alert.incomplete_input_person": {
        "uk": "Подія {event} може запускати строк «{title}» ({rule}), але в особи {person} немає {attrs}: звіт не може визначити, чи цей строк спливає. Якщо він застосовується, додайте до особи {person} {add}; якщо ні — вкажіть значення, яке діє.",
        "en": "Event {event} may start \"{title}\" ({rule}) but its person {person} has no {attrs}: the report cannot tell whether this term runs. If it applies, add {add} to person {person}; if not, give the value that holds."},
    "alert.incomplete_person": {
        "uk": "Подія {event} може запускати строк «{title}» ({rule}), але не називає особу (або названої особи немає серед persons), а строк залежить від її даних ({add}): звіт не може визначити, чи цей строк спливає. Додайте до події {event} поле `person` і цю особу до `persons`.",
        "en": "Event {event} may start \"{title}\" ({rule}) but names no person (or one missing from persons), and the term depends on the person ({add}): the report cannot tell whether this term runs. Add `person` to event {event} and that person to `persons`."},
    # --- which case of a martial-law grace (CMU 1202) applied to this deadline (report._amb_text) ---------
    "grace.earliest": {"uk": "Тут: пільговий строк — не раніше {other} (воєнний стан вважається триваючим після відомих даних; якщо його продовжать, пізніше).",
                       "en": "Here: the grace runs to {other} at the earliest (martial law is taken to continue past the known data; if it is extended, later)."},
    "grace.known": {"uk": "Тут: пільговий строк — до {other} (кінець воєнного стану відомий).",
                    "en": "Here: the grace runs to {other} (the end of martial law is known)."},
    "grace.excluded_citizenship": {"uk": "Тут пільгового строку немає: особа є громадянином Російської Федерації.",
                                   "en": "No grace here: the holder is a citizen of the Russian Federation."},
    "grace.not_applicable": {"uk": "Тут пільговий строк не застосовується: дата настала до 24.02.2022 або поза воєнним станом.",
                             "en": "No grace here: the date fell before 24.02.2022 or outside martial law."},
    "grace.citizenship_not_recorded": {"uk": "Громадянство не вказано, тому пільговий строк показано; якщо особа — громадянин РФ, його немає: додайте `citizenship` до особи.",
                                       "en": "Citizenship is not recorded, so the grace is shown; if the holder is a Russian citizen there is none: add `citizenship` to the person."},
    "alert.out_of_range": {
        "uk": "«{title}» ({rule}; особа {person}, документ {document}, подія {event}): обчислена дата {date} поза межами календаря ({first} — {last}). Цей строк не обчислено: перевірте його вручну.",
        "en": "\"{title}\" ({rule}; person {person}, document {document}, event {event}): the computed date {date} is outside the legal calendar ({first} to {last}). This deadline is not computed: check it by hand."},
    "alert.unattached_closer": {
        "uk": "{title}: подія {event} могла б закрити цей строк, але не посилається на {trigger}. Якщо вона відповідає на {trigger}, додайте \"{trigger}\" до її refs (або подію, яка відповідає на {trigger}).",
        "en": "{title}: event {event} could close this term but does not refer to {trigger}. If it answers {trigger}, add \"{trigger}\" to its refs (or the event that answers {trigger})."},
    # --- a caseload: agenda, changes, impact (procedure.agendas) -----------------------------------
    "agenda.title": {"uk": "Порядок денний — станом на {as_of}; строки з {start} до {end}, а також пропущені, ті, граничний строк яких сплив, і неоднозначні",
                     "en": "Agenda — as of {as_of}; due {start} to {end}, and everything overdue, exceeded or ambiguous"},
    "agenda.summary": {"uk": "Справ: {cases}; відхилено: {refused}; строків у порядку денному: {items}.",
                       "en": "Cases: {cases}; refused: {refused}; deadlines on the agenda: {items}."},
    "agenda.alerts": {"uk": "ПОТРЕБУЄ УВАГИ", "en": "ALERTS"},
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
    "changes.alerts": {"uk": "Нові попередження", "en": "New alerts"},
    "impact.title": {"uk": "ЩО ЗМІНЮЄ НОВЕ ПРАВО: {new}", "en": "WHAT THE NEW LAW MOVES: {new}"},
    "impact.summary": {"uk": "Справ: {cases}; відхилено: {refused}; змінених строків: {changed}.",
                       "en": "Cases: {cases}; refused: {refused}; deadlines that change: {changed}."},
    "impact.none": {"uk": "Жоден строк не змінюється.", "en": "No deadline changes."},
    "impact.added": {"uk": "новий строк", "en": "new deadline"},
    "impact.removed": {"uk": "строк зникає", "en": "deadline disappears"},
    "impact.basis": {"uk": "підстава", "en": "basis"},
    "impact.before": {"uk": "Зараз", "en": "Now"},
    "impact.after": {"uk": "За новим правом", "en": "Under the new law"},

    "alert.assumption": {"uk": "Після {known_until} дані про воєнний стан невідомі; припущено, що {assumed}.",
                         "en": "Martial-law data ends on {known_until}; assumed after that: {assumed}."},
    # What follows from an alert: the duty it triggers, or the event to record.
    "follow.duty": {"uk": "За законом: {text}", "en": "By law: {text}"},
    "follow.next": {"uk": "Далі: {title} — до {due}.", "en": "Next: {title}, due {due}."},
    "follow.record": {"uk": "Щоб розпочати відлік, внесіть до справи подію: {events}.",
                      "en": "To start the term, record the event: {events}."},
    "follow.cautious": {"uk": "Орієнтуйтеся на раніший день: {due}.", "en": "Act by the earlier day: {due}."},
    "follow.check_dates": {"uk": "Перевірте дати подій у справі.", "en": "Check the dates of the events in the case."},
    "follow.or": {"uk": " або ", "en": " or "},
    # --- what an event's attribute means, where a step names it (else the vocabulary's description) ----
    "attr.months": {"uk": "строк, установлений рішенням суду", "en": "the term set by the court's decision"},
    "attr.sets_term": {"uk": "строк, установлений в акті", "en": "the term the act sets"},
    # --- words of the reports (text, HTML, timeline, calendar, command line) -------------------------
    "ui.case": {"uk": "Справа", "en": "Case"},
    "ui.as_of": {"uk": "станом на", "en": "as of"},
    "ui.alerts": {"uk": "Потребує уваги", "en": "Alerts"},
    "ui.deadlines": {"uk": "Строки", "en": "Deadlines"},
    "ui.col.due": {"uk": "Останній день", "en": "Last day"},
    "ui.col.days": {"uk": "Залишилось", "en": "Days left"},
    "ui.col.status": {"uk": "Стан", "en": "Status"},
    "ui.col.party": {"uk": "Хто діє", "en": "Whose act"},
    "ui.col.term": {"uk": "Що належить зробити", "en": "What is due"},
    "ui.col.basis": {"uk": "Підстава", "en": "Basis"},
    "ui.explain_hint": {"uk": "Докладно про строк: python -m procedure explain СПРАВА.json ID",
                        "en": "Explain one: python -m procedure explain CASE.json ID"},
    "ui.ambiguous_mark": {"uk": "* — закон або дані справи допускають кілька тлумачень: першим показано найраніший день (діяти до нього обережніше), у дужках — дні за іншими тлумаченнями.",
                          "en": "* — the law or the case allows more than one reading: the earliest day is shown first (it is safer to act by it); in brackets, the days under the other readings."},
    "ui.id": {"uk": "ідентифікатор", "en": "id"},
    "ui.rule": {"uk": "правило", "en": "rule"},
    "ui.basis": {"uk": "підстава", "en": "basis"},
    "ui.status": {"uk": "стан", "en": "status"},
    "ui.party": {"uk": "хто діє", "en": "whose act"},
    "ui.ambiguities": {"uk": "Можливі тлумачення", "en": "Ambiguities"},
    "ui.readings": {"uk": "Тлумачення", "en": "Readings"},
    "ui.explanation": {"uk": "Як обчислено", "en": "Explanation"},
    "ui.other_date": {"uk": "інший день", "en": "other date"},
    "ui.other_reading": {"uk": "інше тлумачення", "en": "other reading"},
    "ui.closed": {"uk": "виконано", "en": "done"},
    "ui.none": {"uk": "Строків немає.", "en": "No deadlines."},
    "ui.today": {"uk": "сьогодні", "en": "today"},
    "ui.days_left": {"uk": "залишилось {days}", "en": "{days} left"},
    "ui.days_ago": {"uk": "{days} тому", "en": "{days} ago"},
    "ui.days_left_short": {"uk": "ще {days}", "en": "{days} left"},
    "ui.at_hour": {"uk": "о {hour}", "en": "at {hour}"},
    "ui.stamp": {"uk": "Не є юридичною консультацією; перевірте дати за текстом акта.",
                 "en": "Not legal advice; check the dates against the act."},
    "ui.rules_version": {"uk": "правила", "en": "rules"},
    "ui.martial_law_ended": {"uk": "Воєнний стан припинено: {date} ({source})", "en": "Martial law ended: {date} ({source})"},
    "ui.stated_in_case": {"uk": "зазначено у справі", "en": "stated in the case"},
    "ui.stated_in": {"uk": "зазначено в {source}", "en": "stated in {source}"},
    "ui.calendar": {"uk": "календар", "en": "calendar"},
    "ui.martial_law_periods": {"uk": "періодів воєнного стану: {n}", "en": "martial law: {n} periods"},
    "ui.page_title": {"uk": "Строки у справі {case} станом на {as_of}", "en": "Deadlines in case {case} as of {as_of}"},
    # timeline (SVG)
    "ui.events": {"uk": "Події", "en": "Events"},
    "ui.event": {"uk": "подія", "en": "event"},
    "ui.not_started_list": {"uk": "Перебіг строку не розпочався (у справі немає події, з якої він починається):",
                            "en": "Not started (the event that starts the term is missing):"},
    "ui.age": {"uk": "досягнуто віку", "en": "age reached"},
    "ui.cut": {"uk": "пропуск", "en": "cut"},
    "ui.legend_event": {"uk": "подія", "en": "event"},
    "ui.legend_closed": {"uk": "виконано (подія)", "en": "done (closing event)"},
    "ui.legend_cut": {"uk": "пропущений час", "en": "time cut out"},
    # calendar export
    "ui.alarm_before": {"uk": "{title}: строк спливає {due}", "en": "{title}: ends {due}"},
    # command line: `day`
    "ui.working_day": {"uk": "робочий день", "en": "working day"},
    "ui.non_working_day": {"uk": "неробочий день", "en": "non-working day"},
    "ui.martial_law": {"uk": "воєнний стан", "en": "martial law"},
    "martial_law.state.in_force": {"uk": "діє", "en": "in force"},
    "martial_law.state.assumed": {"uk": "припущено (після відомих періодів)", "en": "assumed (past the known periods)"},
    "martial_law.state.none": {"uk": "немає", "en": "none"},
    # command line: `events`
    "ui.attributes": {"uk": "атрибути", "en": "attributes"},
    "ui.required": {"uk": "обов'язковий", "en": "required"},
    "ui.values": {"uk": "значення", "en": "values"},
    "ui.starts": {"uk": "запускає", "en": "starts"},
    "ui.closes": {"uk": "закриває", "en": "closes"},
    "ui.type.enum": {"uk": "одне зі значень", "en": "one of"},
    "ui.type.int": {"uk": "ціле число", "en": "whole number"},
    "ui.type.date": {"uk": "дата РРРР-ММ-ДД", "en": "date YYYY-MM-DD"},
    "ui.type.bool": {"uk": "true або false", "en": "true or false"},
    "ui.type.string": {"uk": "текст", "en": "text"},
    "ui.type.str": {"uk": "текст", "en": "text"},
}

# Short weekday names and month names, spelled out here (strftime would follow the machine's locale).
WEEKDAYS = {"uk": ("пн", "вт", "ср", "чт", "пт", "сб", "нд"), "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}
MONTHS_SHORT = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "uk": ("січ", "лют", "бер", "квіт", "трав", "черв", "лип", "серп", "вер", "жовт", "лист", "груд"),
}
MONTHS_LONG = {  # "6 жовтня 2025 р.": the genitive, as a date is written in Ukrainian prose
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
    "uk": ("січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня", "жовтня",
           "листопада", "грудня"),
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


def check_lang(lang: Any) -> str:
    """``lang`` if it is a language of the reports, else :class:`~procedure.errors.UsageError`."""
    if lang not in LANGS:
        from .errors import UnknownLanguage

        raise UnknownLanguage("unknown language", field="lang", found=repr(lang), expected=" or ".join(LANGS))
    return lang


def text(code: str, lang: str = "en", **params: Any) -> str:
    """A word or phrase of the reports (``ui.*``, ``status.*``, ...) in ``lang``."""
    return message(code, params or None, lang)


# --------------------------------------------------------------------------------------------------
# Dates and hours, as each language writes them

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:[+-]\d{2}:\d{2}|Z)?)?$")


def format_date(value: Any, lang: str = "en", long: bool = False) -> str:
    """A date (or a moment) as the reader's language writes it.

    ``uk``: 06.10.2025, or «6 жовтня 2025 р.» when ``long`` (prose); a moment adds «о 18:00».
    ``en``: ISO 8601 (2025-10-06), a moment adds the hour (2025-10-06 18:00). Kyiv wall-clock time:
    the offset of a moment is not shown (every moment the library gives is in Europe/Kyiv).
    A value that is not a date is returned as text unchanged.
    """
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        value = value.isoformat()
    m = _ISO.match(str(value))
    if not m:
        return str(value)
    y, mo, d, hh, mm = m.groups()
    if lang == "uk":
        day = f"{int(d)} {MONTHS_LONG['uk'][int(mo) - 1]} {y} р." if long else f"{d}.{mo}.{y}"
        return day + (f" о {hh}:{mm}" if hh is not None else "")
    return f"{y}-{mo}-{d}" + (f" {hh}:{mm}" if hh is not None else "")


def format_days(n: int, lang: str = "en") -> str:
    """Days left (``n`` > 0), today (0) or days ago (``n`` < 0), in words."""
    if n == 0:
        return text("ui.today", lang)
    if n > 0:
        return text("ui.days_left", lang, days=plural_unit(n, "day", lang))
    return text("ui.days_ago", lang, days=plural_unit(-n, "day", lang))


# --------------------------------------------------------------------------------------------------
# Holiday names in English, in one style ("Constitution Day", "(day off)", dates written out)
#
# The calendar is frozen from python-holidays (tools/freeze_calendar.py), whose English names mix
# styles ("Day of the Constitution of Ukraine" beside "Independence Day", "Labor Day", "(observed)",
# "substituted from 06/01/2013" for 1 June). The Ukrainian name is the official one; the English is
# made here from it, so the frozen data stays exactly what the drift test compares.

_HOLIDAYS_EN = {
    "Новий рік": "New Year's Day",
    "Різдво Христове": "Christmas Day",
    "Міжнародний жіночий день": "International Women's Day",
    "Великдень (Пасха)": "Easter Sunday",
    "Трійця": "Trinity Sunday",
    "День міжнародної солідарності трудящих": "International Workers' Solidarity Day",
    "День праці": "Labour Day",
    "День Перемоги": "Victory Day",
    "День перемоги над нацизмом у Другій світовій війні (День перемоги)": "Victory over Nazism Day",
    "День памʼяті та перемоги над нацизмом у Другій світовій війні 1939-1945 років": "Remembrance and Victory Day",
    "День Конституції України": "Constitution Day",
    "День Української Державності": "Ukrainian Statehood Day",
    "День незалежності України": "Independence Day",
    "День захисника України": "Defender of Ukraine Day",
    "День захисників і захисниць України": "Defenders of Ukraine Day",
    "Річниця Великої Жовтневої соціалістичної революції": "October Revolution Day",
    "Вихідний згідно указу Президента": "Day off by Presidential decree",
}
_MOVED = re.compile(r"^Вихідний день \(перенесено з (\d{2})\.(\d{2})\.(\d{4})\)$")


def holiday_name_en(name_uk: str, name_en: str = "") -> str:
    """The English name of a Ukrainian holiday (or of several, joined by "; ") in one style."""
    out = []
    for part in name_uk.split("; "):
        part = part.strip()
        suffix = ""
        if part.endswith(" (вихідний)"):
            part, suffix = part[: -len(" (вихідний)")], " (day off)"
        m = _MOVED.match(part)
        if m:
            d, mo, y = m.groups()
            out.append(f"Day off (moved from {int(d)} {MONTHS_LONG['en'][int(mo) - 1]} {y})" + suffix)
        elif part in _HOLIDAYS_EN:
            out.append(_HOLIDAYS_EN[part] + suffix)
        else:  # a name the table does not know yet: the data's own English, else the Ukrainian
            return name_en or name_uk
    return "; ".join(out)


def holiday_name(name_uk: str, name_en: str, lang: str) -> str:
    return name_uk if lang == "uk" else holiday_name_en(name_uk, name_en)


# --------------------------------------------------------------------------------------------------
# Rendering a message


def localise(value: Any, lang: str) -> Any:
    # dict, not typing.Mapping: every parameter is built as a dict, and an ABC check on each of some
    # fifty parameters per report is most of the cost of rendering one.
    if isinstance(value, dict) and value and value.keys() <= _LANG_KEYS:
        return value.get(lang) or value.get("en") or value.get("uk")
    return value


_LANG_KEYS = frozenset(("uk", "en"))


def reason_text(code: str, name_uk: str, name_en: str, lang: str) -> str:
    """Why a day is (not) a working day, in words: «святковий день: Новий рік»."""
    if code == "closure":  # the user's own words
        name = name_uk if lang == "uk" else (name_en or name_uk)
    else:
        if code == "transfer":  # «перенесений вихідний: День праці», not «…: День праці (вихідний)»
            name_uk = name_uk.replace(" (вихідний)", "")
        name = holiday_name(name_uk, name_en, lang)
        if code == "transfer":
            name = name.replace(" (day off)", "")
    return message(code, {"name": name}, lang)


def _reasons_text(reasons: Any, lang: str) -> str:
    out = []
    for r in reasons or ():
        n = r.get("name") if isinstance(r, dict) else None
        if isinstance(n, dict):
            out.append(reason_text(r["code"], n.get("uk") or "", n.get("en") or "", lang))
        else:
            out.append(message(r["code"], {"name": n or ""}, lang))
    return ", ".join(out)


def message(code: str, params: Mapping[str, Any] | None = None, lang: str = "en", long_dates: bool = False) -> str:
    """Render message ``code`` in ``lang`` (``uk`` or ``en``).

    Parameters that are ISO dates or moments are written as the language writes dates
    (:func:`format_date`; ``long_dates`` for prose: «6 жовтня 2025 р.»).
    """
    if lang not in LANGS:
        check_lang(lang)
    template = MESSAGES[code][lang]
    values = _Defaulting()
    if params:
        for k, v in params.items():
            if k == "reasons":
                values[k] = _reasons_text(v, lang)
            elif k == "assumed" and v in ("continues", "ended"):
                values[k] = MESSAGES["martial_law." + v][lang]
            elif k == "to" and isinstance(v, str) and v.startswith(" — "):  # "in force from X — Y"
                values[k] = " — " + format_date(v[3:], lang, long_dates)
            else:
                v = localise(v, lang)
                values[k] = format_date(v, lang, long_dates) if isinstance(v, str) and v[:1].isdigit() else v
    out = template.format_map(values)
    return out.replace("р..", "р.") if lang == "uk" and long_dates else out


class _Defaulting(dict):
    def __missing__(self, key: str) -> str:  # a missing parameter shows as itself, never crashes a report
        return "{" + key + "}"
