"""What the Fahrtwind community has written on the idea board, for ``portal seed --demo``.

Pure data, fictional and original, in the language of whoever writes it: German-speaking members
write in German, English-speaking ones in English, and the team answers in the author's language.
Times are given as days before the seed runs (``days_ago``); ideas/demo.py turns them into dates,
spreads the votes between an idea's submission and the moment voting closed, and walks every
status path through the real services.

Versions in the team's notes follow one story: 4.1 shipped about 5½ months ago, 4.2 about three
months ago, 4.3 a month ago; 4.4 and 4.5 are the next ones.
"""

from __future__ import annotations

from typing import NotRequired, TypedDict

from portal.demo_content import INTEREST_LABELS, INTEREST_TAGS


class CampaignSpec(TypedDict):
    created_by: str
    created_days_ago: int
    deadline_in_days: int
    vote_budget: int
    title: str
    description: str


class CommentSpec(TypedDict):
    author: str
    days_ago: int
    body: str


class StatusSpec(TypedDict):
    to: str
    days_ago: int
    note: str


class MergeSpec(TypedDict):
    into: str  # the key of the idea it duplicates
    days_ago: int
    note: str


class IdeaSpec(TypedDict):
    key: str
    author: str
    days_ago: int
    title: str
    body: str
    tags: list[str]
    voters: list[str]
    campaign: NotRequired[bool]
    followers: NotRequired[list[str]]
    comments: NotRequired[list[CommentSpec]]
    status: NotRequired[list[StatusSpec]]
    merge: NotRequired[MergeSpec]


PRODUCT = "product@example.org"  # Lukas Ebner, product manager: triages, merges, answers
SERVICE = "service@example.org"  # Sandra Kowalski, customer service: answers

# One tag per interest members can pick in their profile, with the same names.
TAGS = [
    {"slug": slug, "name_en": INTEREST_LABELS[slug]["en"], "name_de": INTEREST_LABELS[slug]["de"]}
    for slug in INTEREST_TAGS
]

CAMPAIGN: CampaignSpec = {
    "created_by": PRODUCT,
    "created_days_ago": 12,
    "deadline_in_days": 21,
    "vote_budget": 5,
    "title": "Wie soll dir die App beim Planen einer Tour helfen?",
    "description": (
        "Wir bauen die Routenplanung der Fahrtwind-App gerade neu und wollen vorher von euch "
        "wissen, was euch bei der Planung einer Tour am meisten fehlt: Ladestopps, Höhenmeter, "
        "Wetter, Etappen über mehrere Tage, Teilen mit Freunden?\n\n"
        "Reicht eure Ideen bis zum Stichtag ein. Jede und jeder hat in dieser Kampagne "
        "**5 Stimmen** – setzt sie dort ein, wo sie euch am meisten helfen. Die Ideen mit den "
        "meisten Stimmen sehen wir uns als Erstes genauer an, und wir melden uns bei allen, "
        "die mitgemacht haben."
    ),
}

# Each idea: a key (for merges), its author (a customer), when it was submitted, title, Markdown
# body, tags (slugs above), whether it belongs to the campaign, who voted for it, who follows it
# without voting, comments (staff comments become official answers), the status path the product
# team walked with its public notes, and for a duplicate the idea it was merged into.
IDEAS: list[IdeaSpec] = [
    {
        "key": "charge-limit",
        "author": "advocate@example.org",
        "days_ago": 292,
        "title": "Ladegrenze für den Akku einstellen (z. B. 80 %)",
        "body": (
            "Wenn ich nur zur Arbeit und zurück fahre, brauche ich keinen vollen Akku. Die Zellen "
            "altern langsamer, wenn sie nicht ständig auf 100 % stehen.\n\n"
            "Ich wünsche mir in der App eine **Ladegrenze**, die ich zwischen 60 und 100 % "
            "einstellen kann – und für Tourentage einen Knopf „Einmal voll laden“, der danach "
            "von selbst wieder auf die Grenze zurückspringt."
        ),
        "tags": ["battery", "app"],
        "voters": [
            "mpichler@example.org", "georg_ramsauer@example.org", "marco_bianchi@example.com",
            "henrik_vandijk@example.org", "reto_brunner@example.org", "flo_egger@example.org",
            "ben_roth@example.org", "stefan_huber@example.org", "felix_schneider@example.org",
            "anna_gruber@example.org", "hannelore_weiss@example.org", "martina_koller@example.org",
            "laura_fischer@example.org", "tobias_lehner@example.org", "susanne_kraemer@example.org",
            "kathi_vogel@example.org", "simon_moser@example.org", "yusuf_demir@example.org",
            "james_oconnor@example.org", "charlotte_meier@example.org", "ingrid_bm@example.org",
            "mads_christensen@example.org", "nina_zimmermann@example.org",
            "julia_brandstetter@example.org",
        ],
        "followers": [SERVICE],
        "comments": [
            {"author": "mpichler@example.org", "days_ago": 288, "body": (
                "Sehr gute Idee. Lithium-Ionen-Zellen fühlen sich zwischen 20 und 80 % am wohlsten. "
                "Ich lade mein Rad deshalb schon jetzt an einer Zeitschaltuhr – elegant ist anders.")},
            {"author": "henrik_vandijk@example.org", "days_ago": 280, "body": (
                "Yes please. Our bikes spend the cold months in the garage and I never know what "
                "level to leave them at. A storage setting that holds them around 60 % would be perfect.")},
            {"author": SERVICE, "days_ago": 274, "body": (
                "Ein Tipp, bis es so weit ist: Für längere Standzeiten empfehlen wir 50–70 % "
                "Ladestand und einen kühlen, frostfreien Raum. Einmal im Monat nachsehen reicht.")},
            {"author": PRODUCT, "days_ago": 160, "body": (
                "Danke an alle, die die Beta getestet haben! Falls die Ladegrenze bei euch nicht "
                "auftaucht: bitte zuerst die Akku-Firmware aktualisieren (Einstellungen → Rad → "
                "Firmware).")},
            {"author": "advocate@example.org", "days_ago": 151, "body": (
                "Läuft bei mir seit zwei Wochen ohne Probleme, auch am alten Ladegerät. Danke fürs "
                "Umsetzen!")},
        ],
        "status": [
            {"to": "under_review", "days_ago": 283, "note": (
                "Danke, Miriam! Wir klären mit unserem Akku-Lieferanten, ob sich die Grenze im Akku "
                "selbst setzen lässt und nicht nur in der App.")},
            {"to": "planned", "days_ago": 246, "note": (
                "Es geht: Das Batteriemanagement kann die Ladung selbst stoppen, auch am normalen "
                "Ladegerät. Eingeplant für Version 4.1.")},
            {"to": "in_progress", "days_ago": 205, "note": (
                "In Arbeit. Dafür braucht der Akku ein Firmware-Update, das die App beim nächsten "
                "Verbinden einspielt.")},
            {"to": "shipped", "days_ago": 166, "note": (
                "Ist da, mit Version 4.1: Einstellungen → Akku → Ladegrenze (60–100 %), dazu die "
                "Taste „Einmal voll laden“. Voraussetzung ist die Akku-Firmware 2.8; die App bietet "
                "das Update von selbst an.")},
        ],
    },
    {
        "key": "font-size",
        "author": "ingrid_bm@example.org",
        "days_ago": 236,
        "title": "Größere Schrift in der App",
        "body": (
            "Ich bin 72 und habe auf dem Handy die Schrift extra groß eingestellt. Nur die "
            "Fahrtwind-App hält sich nicht daran: Akkustand und Reichweite kann ich unterwegs kaum "
            "lesen, ohne die Brille aufzusetzen.\n\n"
            "Bitte die Schriftgröße des Telefons übernehmen – und beim Fahren die wichtigsten Zahlen "
            "ruhig richtig groß anzeigen."
        ),
        "tags": ["app"],
        "voters": [
            "hannelore_weiss@example.org", "martina_koller@example.org", "nina_zimmermann@example.org",
            "henrik_vandijk@example.org", "susanne_kraemer@example.org", "laura_fischer@example.org",
            "advocate@example.org", "georg_ramsauer@example.org", "kathi_vogel@example.org",
            "tobias_lehner@example.org", "stefan_huber@example.org",
        ],
        "comments": [
            {"author": "henrik_vandijk@example.org", "days_ago": 222, "body": (
                "My wife has the same problem. A simple ride screen with just three big numbers "
                "would already help a lot.")},
            {"author": "nina_zimmermann@example.org", "days_ago": 172, "body": (
                "Als UX-Designerin: volle Zustimmung. Dynamische Schriftgrößen sind keine Kür, das "
                "ist Barrierefreiheit. Bitte beim Umbau auch an genug Kontrast bei Sonnenlicht "
                "denken.")},
            {"author": "ingrid_bm@example.org", "days_ago": 161, "body": (
                "Vielen Dank! Jetzt lese ich alles ohne Brille, sogar im Sonnenschein.")},
        ],
        "status": [
            {"to": "planned", "days_ago": 224, "note": (
                "Danke, Ingrid! Das ist eigentlich ein Fehler von uns: Die App soll sich an die "
                "Schriftgröße des Telefons halten. Wir beheben das mit Version 4.1.")},
            {"to": "in_progress", "days_ago": 198, "note": ""},
            {"to": "shipped", "days_ago": 165, "note": (
                "Mit Version 4.1 folgt die App der Schriftgröße eures Telefons. Neu ist außerdem die "
                "Fahransicht „Große Zahlen“ mit Geschwindigkeit, Akku und Reichweite.")},
        ],
    },
    {
        "key": "service-booking",
        "author": "stefan_huber@example.org",
        "days_ago": 268,
        "title": "Werkstatttermin direkt in der App buchen",
        "body": (
            "Ich betreibe einen Radverleih am Neusiedler See und muss für jede Inspektion bei der "
            "Werkstatt anrufen, oft mehrmals.\n\n"
            "Schön wäre: Die App zeigt mir die Partnerwerkstätten in der Nähe mit freien Terminen, "
            "ich buche mit zwei Klicks, und die Werkstatt bekommt gleich Kilometerstand und "
            "Fehlercodes vom Rad. Für Flotten wie meine bitte auch **mehrere Räder auf einmal**."
        ),
        "tags": ["service", "app"],
        "voters": [
            "advocate@example.org", "felix_schneider@example.org", "mpichler@example.org",
            "tobias_lehner@example.org", "ben_roth@example.org", "grace_liu@example.com",
            "sarah_mitchell@example.org", "georg_ramsauer@example.org", "ingrid_bm@example.org",
            "kathi_vogel@example.org", "yusuf_demir@example.org", "martina_koller@example.org",
            "henrik_vandijk@example.org", "nina_zimmermann@example.org", "james_oconnor@example.org",
            "reto_brunner@example.org", "hannelore_weiss@example.org", "member@example.org",
            "laura_fischer@example.org",
        ],
        "comments": [
            {"author": "ben_roth@example.org", "days_ago": 262, "body": (
                "Aus Werkstattsicht: bitte unbedingt mit Kilometerstand und den letzten Fehlercodes! "
                "Dann können wir Teile vorher bestellen, und das Rad ist am selben Tag fertig.")},
            {"author": SERVICE, "days_ago": 250, "body": (
                "Wir sind dran: Gerade bauen wir mit unseren Partnerwerkstätten ein gemeinsames "
                "Terminsystem auf. Bis dahin bucht ihr bitte weiter telefonisch oder über das "
                "Kontaktformular.")},
            {"author": "grace_liu@example.com", "days_ago": 106, "body": (
                "Will this work for workshops in Switzerland too? The nearest partner for me is in "
                "Lausanne.")},
            {"author": SERVICE, "days_ago": 101, "body": (
                "Hi Grace, Switzerland follows a few weeks after Austria and Germany. We are signing "
                "up the Swiss workshops right now, Lausanne included.")},
            {"author": "stefan_huber@example.org", "days_ago": 90, "body": (
                "Gerade die ersten drei Räder für die Inspektion gebucht, alle auf einmal. Genau so "
                "hatte ich mir das vorgestellt – danke!")},
        ],
        "status": [
            {"to": "under_review", "days_ago": 258, "note": (
                "Schauen wir uns an – das Thema steckt auch in vielen Anfragen an unseren Service.")},
            {"to": "planned", "days_ago": 220, "note": (
                "Eingeplant. Wir starten mit den Partnerwerkstätten in Österreich und Deutschland.")},
            {"to": "in_progress", "days_ago": 150, "note": (
                "In Arbeit. Die ersten Werkstätten testen das neue Terminsystem bereits.")},
            {"to": "shipped", "days_ago": 96, "note": (
                "Mit Version 4.2 bucht ihr unter „Service“ einen Termin bei über 60 "
                "Partnerwerkstätten. Kilometerstand und Fehlercodes gehen automatisch mit, Flotten "
                "buchen mehrere Räder auf einmal. Die Schweiz folgt in den nächsten Wochen.")},
        ],
    },
    {
        "key": "winter-range",
        "author": "reto_brunner@example.org",
        "days_ago": 214,
        "title": "Reichweitenschätzung soll die Temperatur berücksichtigen",
        "body": (
            "Bei warmem Wetter stimmt die Reichweitenanzeige ziemlich genau, bei Frost überhaupt "
            "nicht: Bei minus 5 Grad zeigt sie morgens 70 km an, nach 25 km ist der Akku halb leer.\n\n"
            "Das Rad misst doch die Akkutemperatur – bitte in die Schätzung einrechnen. Noch besser "
            "wäre beim Losfahren ein Hinweis wie „Bei dieser Temperatur etwa 30 % weniger "
            "Reichweite“."
        ),
        "tags": ["range", "winter", "battery"],
        "voters": [
            "anna_gruber@example.org", "flo_egger@example.org", "sophie_keller@example.org",
            "yusuf_demir@example.org", "klaus_dietrich@example.org", "member@example.org",
            "georg_ramsauer@example.org", "marco_bianchi@example.com", "henrik_vandijk@example.org",
            "hannelore_weiss@example.org", "martina_koller@example.org", "emily_carter@example.net",
            "felix_schneider@example.org", "jakub_nowak@example.org", "advocate@example.org",
            "susanne_kraemer@example.org", "ben_roth@example.org", "kathi_vogel@example.org",
            "charlotte_meier@example.org", "lisi_steiner@example.org", "sarah_mitchell@example.org",
        ],
        "comments": [
            {"author": "flo_egger@example.org", "days_ago": 210, "body": (
                "Kann ich bestätigen, bei minus 15 Grad verliere ich fast die Hälfte. Wenn die "
                "Anzeige das wüsste, wäre ich schon zufrieden – ich will nur nicht mehr auf dem "
                "Heimweg überrascht werden.")},
            {"author": "anna_gruber@example.org", "days_ago": 200, "body": (
                "Mit dem Lastenrad und zwei Kindern hinten drin ist das kein Komfortproblem. Ich "
                "lade inzwischen jeden Abend voll, egal wie weit ich gefahren bin.")},
            {"author": PRODUCT, "days_ago": 120, "body": (
                "Kurzer Zwischenstand: Wir haben anonymisierte Fahrten unserer Testfahrer "
                "ausgewertet. Die Temperatur allein erklärt schon den größten Teil der Abweichung; "
                "das neue Modell liegt in der Beta deutlich näher dran.")},
            {"author": "klaus_dietrich@example.org", "days_ago": 55, "body": (
                "Endlich jemand mit dem gleichen Problem. Bei mir springt die Anzeige auch bei "
                "8 Grad schon von 85 auf 12 km.")},
            {"author": "reto_brunner@example.org", "days_ago": 20, "body": (
                "Heute Morgen bei 2 Grad: Anzeige 48 km, gefahren 44 km. So geht das!")},
        ],
        "status": [
            {"to": "under_review", "days_ago": 205, "note": (
                "Danke, Reto. Das Thema steht bei uns ganz oben; wir messen gerade, wie stark die "
                "Temperatur wirklich wirkt.")},
            {"to": "planned", "days_ago": 170, "note": (
                "Eingeplant. Die Schätzung bekommt ein neues Modell, das Temperatur, Steigung und "
                "Fahrstil einbezieht.")},
            {"to": "in_progress", "days_ago": 110, "note": (
                "In Arbeit und in der Beta. Wer mittesten mag: Einstellungen → Beta-Programm.")},
            {"to": "shipped", "days_ago": 30, "note": (
                "Ist da, mit Version 4.3: Die Reichweite rechnet jetzt Akku- und Außentemperatur "
                "mit ein, und unter 5 Grad zeigt die App beim Losfahren einen Hinweis. Danke an "
                "alle, die in der Kälte mitgetestet haben!")},
        ],
    },
    {
        "key": "auto-arm-alarm",
        "author": "james_oconnor@example.org",
        "days_ago": 176,
        "title": "Arm the theft alarm automatically when I walk away",
        "body": (
            "The alarm itself is great, but I forget to switch it on about once a week – usually "
            "exactly when I'm parked outside a pub.\n\n"
            "Could the bike arm itself once my phone has been out of Bluetooth range for, say, two "
            "minutes, and disarm when I come back? The geofence settings try to do something "
            "similar, but they need an address and a radius, which is fiddly and useless at the "
            "station."
        ),
        "tags": ["theft-protection", "app"],
        "voters": [
            "julia_brandstetter@example.org", "yusuf_demir@example.org", "lisi_steiner@example.org",
            "sarah_mitchell@example.org", "daniel_okafor@example.org", "aurelie_fontaine@example.org",
            "member@example.org", "nina_zimmermann@example.org", "pieter_devries@example.net",
            "grace_liu@example.com", "felix_schneider@example.org", "jakub_nowak@example.org",
            "sophie_keller@example.org", "chiara_ferraro@example.org", "mads_christensen@example.org",
        ],
        "followers": ["oliver_grant@example.net"],
        "comments": [
            {"author": "julia_brandstetter@example.org", "days_ago": 170, "body": (
                "Unbedingt! Mein altes Rad wurde genau in den fünf Minuten gestohlen, in denen ich "
                "nur schnell Brötchen holen war. Automatisch scharf schalten wäre die beste "
                "Versicherung.")},
            {"author": "yusuf_demir@example.org", "days_ago": 150, "body": (
                "Wichtig wäre mir, dass es auch nachts klappt, wenn das Handy im Energiesparmodus "
                "ist. Nach der Nachtschicht ist mein Akku immer fast leer.")},
            {"author": PRODUCT, "days_ago": 121, "body": (
                "Thanks, James – and Yusuf's point is exactly the tricky part: phones pause "
                "Bluetooth in power-saving mode. We're now testing a version where the bike "
                "decides on its own when the phone stops answering, without waiting for the app.")},
            {"author": "james_oconnor@example.org", "days_ago": 31, "body": (
                "Happy to test this. I park at the same station every day, so it's a good "
                "real-world check.")},
        ],
        "status": [
            {"to": "under_review", "days_ago": 168, "note": (
                "Thanks, James – we're checking what the bike's Bluetooth module can do on its own.")},
            {"to": "planned", "days_ago": 125, "note": (
                "Planned: the bike arms itself when your phone has been gone for a while, and you "
                "choose how long.")},
            {"to": "in_progress", "days_ago": 38, "note": (
                "In progress. Testers get it in the beta first; the release is planned for "
                "version 4.4.")},
        ],
    },
    {
        "key": "offline-maps",
        "author": "marco_bianchi@example.com",
        "days_ago": 228,
        "title": "Offline maps for tours in the mountains",
        "body": (
            "On alpine passes like the Timmelsjoch or the Penser Joch there is often no signal for "
            "an hour or more, and the map in the app simply turns grey.\n\n"
            "I'd like to download the map and my planned route for a region I pick before the tour. "
            "For my groups it would also help if the turn-by-turn directions kept working without "
            "a connection."
        ),
        "tags": ["navigation", "touring"],
        "voters": [
            "hannelore_weiss@example.org", "martina_koller@example.org", "henrik_vandijk@example.org",
            "emily_carter@example.net", "georg_ramsauer@example.org", "advocate@example.org",
            "stefan_huber@example.org", "simon_moser@example.org", "mads_christensen@example.org",
            "pieter_devries@example.net", "daniel_okafor@example.org", "chiara_ferraro@example.org",
            "aurelie_fontaine@example.org", "ingrid_bm@example.org", "reto_brunner@example.org",
            "ben_roth@example.org", "kathi_vogel@example.org", "anna_gruber@example.org",
            "sarah_mitchell@example.org", "member@example.org", "klaus_dietrich@example.org",
            "jakub_nowak@example.org",
        ],
        "comments": [
            {"author": "hannelore_weiss@example.org", "days_ago": 220, "body": (
                "Auch am Donauradweg gibt es Funklöcher, besonders in der Wachau zwischen den "
                "Weinbergen. Wir haben uns schon zweimal verfahren, weil die Karte weg war.")},
            {"author": "mads_christensen@example.org", "days_ago": 200, "body": (
                "If you build this, please let me choose the size of the download. All of Austria "
                "in one go won't fit on my old phone.")},
            {"author": PRODUCT, "days_ago": 151, "body": (
                "Quick update: offline maps depend on the new map engine we're moving to. That move "
                "comes first, and offline regions right after it.")},
            {"author": "laura_fischer@example.org", "days_ago": 120, "body": (
                "Danke fürs Zusammenführen, hier bin ich richtig. Für die Runde um den Bodensee "
                "würde mir schon ein Land auf einmal reichen.")},
            {"author": "marco_bianchi@example.com", "days_ago": 20, "body": (
                "Tried the beta on the Stelvio: the route stayed on screen all the way up. Voice "
                "directions are still missing offline, but this is already a huge help.")},
        ],
        "status": [
            {"to": "under_review", "days_ago": 215, "note": (
                "Thanks, Marco. Many of you ask for this; we're looking at how big the downloads "
                "would get.")},
            {"to": "planned", "days_ago": 160, "note": (
                "Planned. First comes the new map engine, then offline regions you choose yourself.")},
            {"to": "in_progress", "days_ago": 45, "note": (
                "In progress: the new map engine is done and offline regions are in the beta. "
                "Directions without a connection follow after that.")},
        ],
    },
    {
        "key": "offline-maps-duplicate",
        "author": "laura_fischer@example.org",
        "days_ago": 140,
        "title": "Karten offline speichern",
        "body": (
            "Für unsere Runde um den Bodensee nächstes Jahr fahren wir durch drei Länder. Ich möchte "
            "die Karte vorher aufs Handy laden, damit ich nicht von Roaming und Netzabdeckung "
            "abhänge. Am liebsten pro Land oder pro Tour auswählbar."
        ),
        "tags": ["navigation", "touring"],
        "voters": [
            "hannelore_weiss@example.org", "martina_koller@example.org", "susanne_kraemer@example.org",
            "tobias_lehner@example.org", "flo_egger@example.org",
        ],
        "comments": [
            {"author": "flo_egger@example.org", "days_ago": 138, "body": (
                "Bräuchte ich auch: Bei uns im Wald ist oft gar kein Empfang.")},
        ],
        "merge": {"into": "offline-maps", "days_ago": 134, "note": (
            "Danke, Laura! Genau das wünschen sich schon viele unter „Offline maps for tours in the "
            "mountains“. Wir haben die beiden Ideen zusammengeführt: Eure Stimmen zählen dort mit, "
            "und dort gibt es auch alle Neuigkeiten.")},
    },
    {
        "key": "child-seat-mount",
        "author": "freja_nielsen@example.com",
        "days_ago": 168,
        "title": "A proper child seat mount for the Cargo",
        "body": (
            "The Cargo has a bench in the box, but our daughter is 14 months old and far too small "
            "for it. Regular child seats don't fit the box floor, so right now she rides in a seat "
            "we bolted onto a homemade wooden plate.\n\n"
            "Could you offer an official adapter for one or two infant seats, ideally with a quick "
            "release so the box is still usable for shopping?"
        ),
        "tags": ["cargo", "kids", "accessories"],
        "voters": [
            "charlotte_meier@example.org", "kathi_vogel@example.org", "theresa_wimmer@example.org",
            "simon_moser@example.org", "anna_gruber@example.org", "sarah_mitchell@example.org",
            "ben_roth@example.org", "tobias_lehner@example.org", "mpichler@example.org",
        ],
        "comments": [
            {"author": "kathi_vogel@example.org", "days_ago": 160, "body": (
                "Hatten wir beim Jüngsten genauso. Eine Platte mit Schnellverschluss wäre ideal, "
                "dann fliegt der Sitz für den Großeinkauf einfach raus.")},
            {"author": SERVICE, "days_ago": 152, "body": (
                "Thanks for sharing, Freja. Please check the bolts of that wooden plate regularly: "
                "the box floor isn't made for loads on a single point. Until there is an official "
                "solution, our partner workshops can tell you which seats fit the existing rails.")},
            {"author": "ben_roth@example.org", "days_ago": 140, "body": (
                "Aus der Werkstatt: Die Schienen im Boden halten das locker aus, es fehlt nur der "
                "passende Adapter. Das sollte kein Hexenwerk sein.")},
            {"author": "theresa_wimmer@example.org", "days_ago": 20, "body": (
                "Das wäre für uns der Grund, uns für das Cargo zu entscheiden. Gibt es schon einen "
                "Zeitplan?")},
            {"author": PRODUCT, "days_ago": 18, "body": (
                "Hallo Theresa, der Adapter steckt gerade in der Sicherheitsprüfung. Einen Termin "
                "nennen wir erst, wenn er sie bestanden hat – bei Kindern gehen wir kein Risiko ein.")},
        ],
        "status": [
            {"to": "under_review", "days_ago": 148, "note": (
                "We're talking to two child seat makers about a mount that fits the rails in the "
                "box floor.")},
            {"to": "planned", "days_ago": 60, "note": (
                "Planned: an adapter plate with quick release for one or two seats, made together "
                "with a child seat maker. It has to pass the safety tests first, so there is no "
                "date yet.")},
        ],
    },
    {
        "key": "gear-advice",
        "author": "georg_ramsauer@example.org",
        "days_ago": 148,
        "title": "Schaltempfehlung im Display, vor allem am Berg",
        "body": (
            "Am Berg schalte ich oft zu spät runter, dann kracht die Kette und der Motor muss sich "
            "plagen. Das Rad kennt Trittfrequenz, Geschwindigkeit und Steigung – es könnte mir "
            "einfach anzeigen, wann ein leichterer Gang sinnvoll ist.\n\n"
            "Ein kleiner Pfeil im Display würde reichen, gern abschaltbar."
        ),
        "tags": ["touring", "range"],
        "voters": [
            "marco_bianchi@example.com", "henrik_vandijk@example.org", "martina_koller@example.org",
            "advocate@example.org", "mpichler@example.org", "emily_carter@example.net",
            "ingrid_bm@example.org",
        ],
        "comments": [
            {"author": "mpichler@example.org", "days_ago": 141, "body": (
                "Gute Idee, das schont auch Kette und Ritzel. Bei manchen Kunden tausche ich alle "
                "2.000 km die Kette, weil unter Volllast geschaltet wird.")},
            {"author": "marco_bianchi@example.com", "days_ago": 122, "body": (
                "Would be great for my groups, too. Half of my guests have never used their gears "
                "properly on a mountain road.")},
        ],
        "status": [
            {"to": "under_review", "days_ago": 131, "note": (
                "Danke, Georg. Wir prüfen mit dem Motorhersteller, ob die Daten schnell genug im "
                "Display ankommen.")},
            {"to": "planned", "days_ago": 52, "note": (
                "Eingeplant: ein Pfeil im Display, wenn ein anderer Gang besser passt. Zuerst für "
                "Räder mit Kettenschaltung, Nabenschaltungen folgen.")},
        ],
    },
    {
        "key": "gpx-export",
        "author": "mads_christensen@example.org",
        "days_ago": 126,
        "title": "Export recorded rides as GPX",
        "body": (
            "I record every ride in the app, but I can't get them out again. A plain **GPX export** "
            "(with time and elevation, ideally cadence and motor power as extensions) would let me "
            "keep my own archive and use other tools for analysis.\n\n"
            "An export of all rides at once would be the icing on the cake."
        ),
        "tags": ["app", "navigation"],
        "voters": [
            "pieter_devries@example.net", "chiara_ferraro@example.org", "daniel_okafor@example.org",
            "sarah_mitchell@example.org", "aurelie_fontaine@example.org", "nina_zimmermann@example.org",
            "henrik_vandijk@example.org", "emily_carter@example.net", "laura_fischer@example.org",
            "member@example.org", "james_oconnor@example.org", "klaus_dietrich@example.org",
        ],
        "comments": [
            {"author": "sarah_mitchell@example.org", "days_ago": 118, "body": (
                "Seconding this. It would also help with reporting potholes to the city – Vienna "
                "accepts GPX tracks.")},
            {"author": "nina_zimmermann@example.org", "days_ago": 100, "body": (
                "Bitte auch an die Gegenrichtung denken: GPX-Import für geplante Routen. Aber das "
                "ist vielleicht eine eigene Idee.")},
        ],
        "status": [
            {"to": "under_review", "days_ago": 110, "note": (
                "Thanks, Mads! We're checking which data we can include without giving away where "
                "people live.")},
            {"to": "planned", "days_ago": 70, "note": (
                "Planned for version 4.5: GPX export of single rides and of all rides at once. The "
                "first and last 200 m are cut off by default, to keep your home address private.")},
        ],
    },
    {
        "key": "family-mode",
        "author": "charlotte_meier@example.org",
        "days_ago": 104,
        "title": "Familienmodus: mehrere Fahrer für ein Rad",
        "body": (
            "Unser Lastenrad fahren mein Mann und ich abwechselnd, manchmal auch die Oma. Im Moment "
            "hängt das Rad an meinem Konto: Er bekommt keinen Diebstahlalarm und sieht nicht, ob der "
            "Akku geladen ist.\n\n"
            "Ich wünsche mir, dass ich weitere Personen einladen kann – jede mit eigenem Profil, "
            "eigenen Fahrten und eigener Unterstützungsstufe."
        ),
        "tags": ["app", "cargo", "kids"],
        "voters": [
            "kathi_vogel@example.org", "simon_moser@example.org", "anna_gruber@example.org",
            "freja_nielsen@example.com", "theresa_wimmer@example.org", "stefan_huber@example.org",
            "nina_zimmermann@example.org", "member@example.org",
        ],
        "followers": ["lisi_steiner@example.org"],
        "comments": [
            {"author": "stefan_huber@example.org", "days_ago": 98, "body": (
                "Für meinen Verleih bräuchte ich etwas Ähnliches, nur andersherum: ein Konto mit "
                "vielen Rädern und wechselnden Fahrern.")},
            {"author": "simon_moser@example.org", "days_ago": 90, "body": (
                "Bei uns genauso. Im Moment teilen wir uns einfach mein Login – nicht ideal.")},
            {"author": "charlotte_meier@example.org", "days_ago": 35, "body": (
                "Sehr gern! Wichtig wäre mir, dass die Kinder später ein eigenes, eingeschränktes "
                "Profil bekommen können.")},
        ],
        "status": [
            {"to": "under_review", "days_ago": 40, "note": (
                "Danke, Charlotte. Das betrifft Konten, Alarm und Datenschutz zugleich; wir sprechen "
                "gerade mit Familien, die sich ein Rad teilen, wie es sich anfühlen soll. Wer "
                "mitreden mag: Schreibt gern hier, wie ihr euer Rad teilt.")},
        ],
    },
    {
        "key": "preheat-battery",
        "author": "sophie_keller@example.org",
        "days_ago": 80,
        "title": "Akku vor der Fahrt per App vorwärmen",
        "body": (
            "Bei Minusgraden hat mein Akku morgens deutlich weniger Kraft, und das Rad steht im "
            "ungeheizten Veloraum. Elektroautos kann man per App vorheizen – könnte sich der Akku "
            "nicht eine halbe Stunde vor der Abfahrt selbst aufwärmen, solange er noch am "
            "Ladegerät hängt?"
        ),
        "tags": ["winter", "battery"],
        "voters": [
            "flo_egger@example.org", "reto_brunner@example.org", "yusuf_demir@example.org",
            "anna_gruber@example.org", "klaus_dietrich@example.org", "member@example.org",
        ],
        "comments": [
            {"author": "flo_egger@example.org", "days_ago": 76, "body": (
                "Ich nehme den Akku abends mit in die Wohnung. Nervig, aber es hilft enorm.")},
            {"author": "mpichler@example.org", "days_ago": 70, "body": (
                "Technisch schwierig: Die Zellen haben kein Heizelement. Sie über sich selbst zu "
                "wärmen kostet genau die Energie, die man nachher auf der Straße braucht.")},
            {"author": "sophie_keller@example.org", "days_ago": 25, "body": (
                "Schade, aber nachvollziehbar. Danke für die ehrliche Erklärung – die Thermohülle "
                "habe ich mir bestellt.")},
        ],
        "status": [
            {"to": "under_review", "days_ago": 66, "note": (
                "Gute Frage, Sophie. Wir klären mit dem Akkuhersteller, was die Zellen vertragen.")},
            {"to": "declined", "days_ago": 28, "note": (
                "Das setzen wir leider nicht um. Unsere Akkus haben kein Heizelement, und eines "
                "nachzurüsten hieße, den Akku neu zu konstruieren und neu zuzulassen. Ihn über das "
                "Ladegerät zu wärmen geht bei Frost nicht sicher, weil die Zellen unter 0 Grad nur "
                "sehr langsam geladen werden dürfen. Was wirklich hilft: den Akku über Nacht drinnen "
                "lagern und unterwegs die Neopren-Thermohülle aus dem Zubehör nutzen. Und seit "
                "Version 4.3 rechnet die Reichweitenanzeige die Kälte mit ein, damit ihr wenigstens "
                "nicht mehr überrascht werdet.")},
        ],
    },
    {
        "key": "service-history",
        "author": "ahmed_hassan@example.org",
        "days_ago": 19,
        "title": "Pass a bike's service history on to the next owner",
        "body": (
            "I bought my Fahrtwind second-hand. The seller said it was serviced every year, but I "
            "have no way of checking.\n\n"
            "If service bookings belonged to the bike rather than the account, the seller could "
            "hand them over in the app when selling – together with a battery health report. Used "
            "Fahrtwinds would be easier to trust and easier to sell."
        ),
        "tags": ["service", "battery", "app"],
        "voters": ["ben_roth@example.org", "felix_schneider@example.org"],
        "comments": [
            {"author": SERVICE, "days_ago": 16, "body": (
                "Hi Ahmed, until this exists: send us the frame number through the contact form and "
                "we'll tell you which services were done at our partner workshops. A battery check "
                "takes about ten minutes at any of them.")},
            {"author": "ahmed_hassan@example.org", "days_ago": 13, "body": (
                "Thanks, Sandra – done, and the battery is at 91 %. Relieved!")},
        ],
    },
    {
        "key": "charging-stops",
        "author": "henrik_vandijk@example.org",
        "days_ago": 11,
        "campaign": True,
        "title": "Plan routes with charging stops (and a bakery)",
        "body": (
            "Every spring my wife and I tour Germany for two weeks, about 70 km a day. Today I plan "
            "the charging stops myself: I look for cafés that let us plug in and guess whether the "
            "battery lasts until there.\n\n"
            "The route planner could do this for me: show where I'll probably need to charge, "
            "suggest cafés, campsites or bike shops along the way that offer charging, and let me "
            "pick. An open bakery nearby is optional but highly appreciated."
        ),
        "tags": ["navigation", "touring", "range"],
        "voters": [
            "martina_koller@example.org", "hannelore_weiss@example.org", "emily_carter@example.net",
            "marco_bianchi@example.com", "advocate@example.org", "laura_fischer@example.org",
            "georg_ramsauer@example.org", "stefan_huber@example.org", "simon_moser@example.org",
            "lena_hartmann@example.org", "ingrid_bm@example.org", "reto_brunner@example.org",
            "pieter_devries@example.net",
        ],
        "comments": [
            {"author": "martina_koller@example.org", "days_ago": 9, "body": (
                "Für unsere Vereinsfahrt nach Mariazell mit 40 Leuten wäre das Gold wert. Wichtig "
                "wären Ladestopps, an denen viele Räder gleichzeitig laden können.")},
            {"author": "emily_carter@example.net", "days_ago": 7, "body": (
                "And opening hours, please! I once arrived at a 'charging café' that closes at 2 pm "
                "on Saturdays.")},
        ],
        "status": [
            {"to": "under_review", "days_ago": 3, "note": (
                "Thanks, Henrik! One of the most wanted points in this campaign so far. We're "
                "checking which charging data we can use – cafés and campsites would have to be "
                "added with our partners, opening hours included.")},
        ],
    },
    {
        "key": "route-elevation-range",
        "author": "martina_koller@example.org",
        "days_ago": 9,
        "campaign": True,
        "title": "Reichweite für die geplante Route mit Höhenmetern berechnen",
        "body": (
            "Bevor wir mit dem Verein losfahren, möchte ich wissen, ob alle mit einer Akkuladung bis "
            "zur Mittagspause kommen. Die App kennt Route und Höhenprofil – sie könnte mir sagen: "
            "„Mit Stufe Tour kommst du bis km 58, mit Eco bis ans Ziel.“\n\n"
            "Ideal wäre das auch für die Räder der anderen, wenn sie ihr Modell und ihren Akku "
            "angeben."
        ),
        "tags": ["range", "navigation", "touring"],
        "voters": [
            "marco_bianchi@example.com", "georg_ramsauer@example.org", "henrik_vandijk@example.org",
            "hannelore_weiss@example.org", "klaus_dietrich@example.org", "reto_brunner@example.org",
            "emily_carter@example.net", "advocate@example.org", "laura_fischer@example.org",
            "lena_hartmann@example.org",
        ],
        "comments": [
            {"author": "marco_bianchi@example.com", "days_ago": 8, "body": (
                "Exactly what I need for the passes. 1,200 metres of climbing before lunch is a "
                "different ride than the same distance along a lake.")},
            {"author": "georg_ramsauer@example.org", "days_ago": 6, "body": (
                "Und bitte mit Gegenwind, wenn der Wetterdienst ihn kennt. Am Pass ist das oft mehr "
                "als die halbe Miete.")},
        ],
    },
    {
        "key": "rain-along-route",
        "author": "member@example.org",
        "days_ago": 8,
        "campaign": True,
        "title": "Regenradar entlang der Route statt nur am Standort",
        "body": (
            "Das Regenradar in der App nutze ich jeden Tag, aber es zeigt nur, was gerade über mir "
            "ist. Für meine 14 km nach Nürnberg will ich wissen, ob ich in 20 Minuten in Fürth oder "
            "in der Innenstadt nass werde.\n\n"
            "Schön wäre eine Zeitleiste entlang der Route – wann ich wo bin und ob es dort dann "
            "regnet – und eine Push-Nachricht, wenn sich das trockene Fenster für die Heimfahrt "
            "schließt."
        ),
        "tags": ["navigation", "commuting", "app"],
        "voters": [
            "daniel_okafor@example.org", "sarah_mitchell@example.org", "aurelie_fontaine@example.org",
            "pieter_devries@example.net", "oliver_grant@example.net", "sophie_keller@example.org",
        ],
        "comments": [
            {"author": "sarah_mitchell@example.org", "days_ago": 5, "body": (
                "Yes! I'd happily leave the lab fifteen minutes early if the app told me a shower "
                "is coming.")},
        ],
    },
    {
        "key": "share-route-private",
        "author": "chiara_ferraro@example.org",
        "days_ago": 6,
        "campaign": True,
        "title": "Share a planned route without showing where I live",
        "body": (
            "I often plan weekend rides and want to send them to friends. But every route starts at "
            "my front door, so sharing it means sharing my address.\n\n"
            "Could the app cut off the first and last few hundred metres when sharing, or let me "
            "set a privacy zone around home that is always left out?"
        ),
        "tags": ["navigation", "app"],
        "voters": [
            "mads_christensen@example.org", "lena_hartmann@example.org", "daniel_okafor@example.org",
            "aurelie_fontaine@example.org",
        ],
        "comments": [
            {"author": "mads_christensen@example.org", "days_ago": 4, "body": (
                "A privacy zone that also applies to the planned GPX export would be consistent: "
                "same problem, same solution.")},
        ],
    },
    {
        "key": "folding-lock",
        "author": "lisi_steiner@example.org",
        "days_ago": 1,
        "title": "Faltschloss mit Halterung, das in den Zug passt",
        "body": (
            "Ich pendle mit Rad und Zug zwischen St. Pölten und Wien. Das Schloss aus dem "
            "Zubehör-Shop ist zu lang für die Ablage unter dem Sitz und klappert am Rahmen.\n\n"
            "Ein kompaktes Faltschloss mit hoher Sicherheitsstufe, das fest am Rahmen sitzt, würde "
            "ich sofort kaufen."
        ),
        "tags": ["accessories", "theft-protection", "commuting"],
        "voters": [],
    },
]
