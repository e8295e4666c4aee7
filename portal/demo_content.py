"""Written demo community used by ``portal seed --demo``.

Everything here is fictional: the company Fahrtwind (a small German-Austrian maker of e-bikes
and a companion app), its staff accounts and the customers who make up its community. The
text is original and bilingual (German and English). Pure data; no behaviour lives here.
"""

from __future__ import annotations

from typing import Any

COMPANY = {
    "name": "Fahrtwind",
    "tagline_en": "E-bikes for everyday distances, and the app that rides along.",
    "tagline_de": "E-Bikes für alltägliche Strecken – und die App, die mitfährt.",
}

INTEREST_TAGS = (
    "app",
    "battery",
    "range",
    "navigation",
    "service",
    "cargo",
    "commuting",
    "touring",
    "theft-protection",
    "accessories",
    "kids",
    "winter",
)

INTEREST_LABELS = {
    "app": {"en": "Fahrtwind app", "de": "Fahrtwind-App"},
    "battery": {"en": "Battery & charging", "de": "Akku & Laden"},
    "range": {"en": "Range estimate", "de": "Reichweitenanzeige"},
    "navigation": {"en": "Navigation & trip planning", "de": "Navigation & Routenplanung"},
    "service": {"en": "Service & repairs", "de": "Service & Werkstatt"},
    "cargo": {"en": "Cargo bikes", "de": "Lastenräder"},
    "commuting": {"en": "Commuting", "de": "Pendeln"},
    "touring": {"en": "Touring", "de": "Radreisen & Touren"},
    "theft-protection": {"en": "Theft protection", "de": "Diebstahlschutz"},
    "accessories": {"en": "Accessories", "de": "Zubehör"},
    "kids": {"en": "Riding with kids", "de": "Mit Kindern unterwegs"},
    "winter": {"en": "Winter riding", "de": "Radfahren im Winter"},
}

VISIBILITY_FIELDS = ("bio", "company", "country", "interests")

VISIBILITY_LEVELS = ("public", "members", "staff", "private")

# Staff and well-known demo logins, one per role. Passwords are for local demos only.
DEMO_ACCOUNTS: list[dict[str, Any]] = [
    {
        "email": "member@example.org",
        "role": "member",
        "password": "demo-member-pass",
        "display_name": "Jonas Berger",
        "handle": "jonas_berger",
        "language": "de",
        "bio": (
            "Pendle jeden Tag 14 km von Fürth nach Nürnberg, bei fast jedem Wetter. Die App nutze "
            "ich vor allem für Reichweite, Regenradar und die nächste freie Werkstatt."
        ),
        "company": "",
        "country": "DE",
        "interests": ["commuting", "app", "range"],
        "visibility": {
            "bio": "public",
            "company": "members",
            "country": "public",
            "interests": "public",
        },
        "joined_days_ago": 124,
    },
    {
        "email": "advocate@example.org",
        "role": "member",
        "password": "demo-advocate-pass",
        "display_name": "Miriam Hofstätter",
        "handle": "miriam_radelt",
        "language": "de",
        "bio": (
            "Seit dem allerersten Fahrtwind-Modell dabei, inzwischen über 18.000 km auf dem "
            "Tacho. Ich helfe gern Neulingen bei Fragen zu Akku, Routenplanung und Pflege."
        ),
        "company": "Murtal Energie GmbH",
        "country": "AT",
        "interests": ["battery", "navigation", "touring", "service"],
        "visibility": {
            "bio": "public",
            "company": "public",
            "country": "public",
            "interests": "public",
        },
        "joined_days_ago": 874,
    },
    {
        "email": "product@example.org",
        "role": "product",
        "password": "demo-product-pass",
        "display_name": "Lukas Ebner",
        "handle": "lukas_ebner",
        "language": "de",
        "bio": (
            "Produktmanager für die Fahrtwind-App in Linz. Ich lese hier jeden Tag mit und freue "
            "mich über jede Idee, besonders zu Routenplanung und Reichweite."
        ),
        "company": "Fahrtwind",
        "country": "AT",
        "interests": ["app", "range", "navigation"],
        "visibility": {
            "bio": "public",
            "company": "public",
            "country": "public",
            "interests": "public",
        },
        "joined_days_ago": 812,
    },
    {
        "email": "service@example.org",
        "role": "service",
        "password": "demo-service-pass",
        "display_name": "Sandra Kowalski",
        "handle": "sandra_service",
        "language": "de",
        "bio": (
            "Ich leite den Kundenservice in Regensburg: Werkstatttermine, Garantiefälle und "
            "alles, was klemmt, quietscht oder nicht mehr lädt."
        ),
        "company": "Fahrtwind",
        "country": "DE",
        "interests": ["service", "battery", "accessories"],
        "visibility": {
            "bio": "public",
            "company": "public",
            "country": "public",
            "interests": "public",
        },
        "joined_days_ago": 765,
    },
    {
        "email": "moderator@example.org",
        "role": "moderator",
        "password": "demo-moderator-pass",
        "display_name": "Tom Whitfield",
        "handle": "tom_whitfield",
        "language": "en",
        "bio": (
            "Community moderator at Fahrtwind. I keep discussions friendly, merge duplicate ideas "
            "and help you find the right thread."
        ),
        "company": "Fahrtwind",
        "country": "GB",
        "interests": ["app", "commuting"],
        "visibility": {
            "bio": "public",
            "company": "public",
            "country": "public",
            "interests": "public",
        },
        "joined_days_ago": 540,
    },
    {
        "email": "admin@example.org",
        "role": "admin",
        "password": "demo-admin-pass",
        "display_name": "Petra Lindner",
        "handle": "petra_lindner",
        "language": "de",
        "bio": (
            "Betreue das Community-Portal technisch. Wenn etwas nicht funktioniert, bin ich "
            "meistens schon dran."
        ),
        "company": "Fahrtwind",
        "country": "DE",
        "interests": ["app"],
        "visibility": {
            "bio": "public",
            "company": "public",
            "country": "members",
            "interests": "members",
        },
        "joined_days_ago": 900,
    },
]

# Ordinary customers who make up the rest of the community.
MEMBERS: list[dict[str, Any]] = [
    {
        "display_name": "Anna Gruber",
        "handle": "anna_gruber",
        "email": "anna_gruber@example.org",
        "language": "de",
        "bio": (
            "Fahre mit dem Lastenrad zwei Kinder in den Kindergarten und danach weiter ins Büro. "
            "Die Reichweitenanzeige im Winter ist für mich leider ein Ratespiel."
        ),
        "company": "",
        "country": "AT",
        "interests": ["cargo", "kids", "winter", "range"],
        "visibility": {
            "bio": "public",
            "company": "public",
            "country": "public",
            "interests": "public",
        },
        "joined_days_ago": 412,
    },
    {
        "display_name": "Felix Schneider",
        "handle": "felix_schneider",
        "email": "felix_schneider@example.org",
        "language": "de",
        "bio": (
            "Fahrradkurier in Leipzig: 80 bis 120 km am Tag, zwei Akkus im Rucksack. Ersatzteile "
            "brauche ich schnell, nicht irgendwann."
        ),
        "company": "Kurierkollektiv Leipzig",
        "country": "DE",
        "interests": ["commuting", "battery", "service"],
        "visibility": {
            "bio": "public",
            "company": "public",
            "country": "public",
            "interests": "public",
        },
        "joined_days_ago": 233,
    },
    {
        "display_name": "Hannelore Weiß",
        "handle": "hannelore_weiss",
        "email": "hannelore_weiss@example.org",
        "language": "de",
        "bio": (
            "Seit der Rente mit meinem Mann auf Donau- und Elberadweg unterwegs. Die Etappen "
            "planen wir immer am Vorabend in der App, mit einem Glas Wein."
        ),
        "company": "",
        "country": "DE",
        "interests": ["touring", "navigation", "range"],
        "visibility": {
            "bio": "public",
            "company": "private",
            "country": "public",
            "interests": "public",
        },
        "joined_days_ago": 356,
    },
    {
        "display_name": "Freja Nielsen",
        "handle": "freja_nielsen",
        "email": "freja_nielsen@example.com",
        "language": "en",
        "bio": (
            "Copenhagen commuter with a cargo bike, a rain cover and a very opinionated toddler. "
            "I would love better child-seat accessories."
        ),
        "company": "",
        "country": "DK",
        "interests": ["cargo", "kids", "accessories"],
        "visibility": {
            "bio": "public",
            "company": "public",
            "country": "public",
            "interests": "public",
        },
        "joined_days_ago": 190,
    },
    {
        "display_name": "Matthias Pichler",
        "handle": "mpichler",
        "email": "mpichler@example.org",
        "language": "de",
        "bio": (
            "Kfz-Mechaniker aus Wels, in der Freizeit schraube ich an E-Bikes. Fragt mich gern "
            "nach Drehmomentwerten und Fehlercodes."
        ),
        "company": "Autohaus Pichler & Söhne",
        "country": "AT",
        "interests": ["service", "battery", "accessories"],
        "visibility": {
            "bio": "public",
            "company": "public",
            "country": "public",
            "interests": "public",
        },
        "joined_days_ago": 601,
    },
    {
        "display_name": "Sophie Keller",
        "handle": "sophie_keller",
        "email": "sophie_keller@example.org",
        "language": "de",
        "bio": (
            "Pendle von Winterthur nach Zürich, auch bei Schnee. Spikes, Schutzbleche und gutes "
            "Licht sind für mich keine Extras, sondern Pflicht."
        ),
        "company": "Helvetia Nord Versicherungen",
        "country": "CH",
        "interests": ["commuting", "winter", "accessories"],
        "visibility": {
            "bio": "public",
            "company": "members",
            "country": "public",
            "interests": "public",
        },
        "joined_days_ago": 88,
    },
    {
        "display_name": "Daniel Okafor",
        "handle": "daniel_okafor",
        "email": "daniel_okafor@example.org",
        "language": "en",
        "bio": (
            "Moved to Munich for work and bought a Fahrtwind instead of a car. Still learning "
            "German bike-lane etiquette, one angry bell at a time."
        ),
        "company": "Lumen Analytics",
        "country": "DE",
        "interests": ["commuting", "app", "navigation"],
        "visibility": {
            "bio": "public",
            "company": "members",
            "country": "public",
            "interests": "public",
        },
        "joined_days_ago": 45,
    },
    {
        "display_name": "Lena Hartmann",
        "handle": "lena_hartmann",
        "email": "lena_hartmann@example.org",
        "language": "de",
        "bio": "",
        "company": "",
        "country": "DE",
        "interests": ["app"],
        "visibility": {
            "bio": "private",
            "company": "private",
            "country": "private",
            "interests": "private",
        },
        "joined_days_ago": 12,
    },
    {
        "display_name": "Georg Ramsauer",
        "handle": "georg_ramsauer",
        "email": "georg_ramsauer@example.org",
        "language": "de",
        "bio": (
            "Bergbauer im Salzkammergut. Mit dem E-Bike komme ich die Forststraßen hinauf, wo der "
            "Traktor zu langsam ist. Akkuleistung am Berg ist mein Thema."
        ),
        "company": "Hof Ramsauer",
        "country": "AT",
        "interests": ["battery", "range", "touring"],
        "visibility": {
            "bio": "public",
            "company": "public",
            "country": "public",
            "interests": "public",
        },
        "joined_days_ago": 520,
    },
    {
        "display_name": "Charlotte Meier",
        "handle": "charlotte_meier",
        "email": "charlotte_meier@example.org",
        "language": "de",
        "bio": (
            "Zweifache Mutter aus Basel. Unser Lastenrad hat das Zweitauto ersetzt. Ein "
            "Familienmodus in der App, mit mehreren Fahrern pro Rad, wäre großartig."
        ),
        "company": "",
        "country": "CH",
        "interests": ["cargo", "kids", "app"],
        "visibility": {
            "bio": "public",
            "company": "public",
            "country": "public",
            "interests": "public",
        },
        "joined_days_ago": 300,
    },
    {
        "display_name": "Pieter de Vries",
        "handle": "pieter_devries",
        "email": "pieter_devries@example.net",
        "language": "en",
        "bio": (
            "Dutch, so cycling isn't a hobby, it's infrastructure. Curious how the navigation "
            "copes with Utrecht's one-way cycle streets."
        ),
        "company": "Vrieskade Architecten",
        "country": "NL",
        "interests": ["navigation", "commuting"],
        "visibility": {
            "bio": "public",
            "company": "public",
            "country": "public",
            "interests": "public",
        },
        "joined_days_ago": 150,
    },
    {
        "display_name": "Julia Brandstetter",
        "handle": "julia_brandstetter",
        "email": "julia_brandstetter@example.org",
        "language": "de",
        "bio": (
            "Mein altes Rad wurde vor dem Bahnhof gestohlen, ganz ohne Alarm. Seitdem teste ich "
            "jede Diebstahlschutz-Funktion, die ich finden kann."
        ),
        "company": "",
        "country": "AT",
        "interests": ["theft-protection", "app"],
        "visibility": {
            "bio": "public",
            "company": "public",
            "country": "public",
            "interests": "public",
        },
        "joined_days_ago": 210,
    },
    {
        "display_name": "Marco Bianchi",
        "handle": "marco_bianchi",
        "email": "marco_bianchi@example.com",
        "language": "en",
        "bio": (
            "Tour guide based in Bolzano. I lead e-bike groups over alpine passes and need range "
            "predictions that understand 1,200 metres of climbing before lunch."
        ),
        "company": "Dolomiti Ride Tours",
        "country": "IT",
        "interests": ["touring", "range", "battery"],
        "visibility": {
            "bio": "public",
            "company": "public",
            "country": "public",
            "interests": "public",
        },
        "joined_days_ago": 480,
    },
    {
        "display_name": "Klaus Dietrich",
        "handle": "klaus_dietrich",
        "email": "klaus_dietrich@example.org",
        "language": "de",
        "bio": (
            "Morgens zeigt die Reichweitenschätzung 85 km, nach 30 km plötzlich nur noch 12. So "
            "kann ich nicht planen. Mal sehen, ob sich hier etwas tut."
        ),
        "company": "",
        "country": "DE",
        "interests": ["range", "app", "battery"],
        "visibility": {
            "bio": "public",
            "company": "members",
            "country": "members",
            "interests": "members",
        },
        "joined_days_ago": 64,
    },
    {
        "display_name": "Sarah Mitchell",
        "handle": "sarah_mitchell",
        "email": "sarah_mitchell@example.org",
        "language": "en",
        "bio": (
            "Visiting researcher in Vienna for two years. I ride to the lab every day and write "
            "long bug reports, sorry in advance."
        ),
        "company": "Danube Ecology Institute",
        "country": "US",
        "interests": ["commuting", "app"],
        "visibility": {
            "bio": "public",
            "company": "public",
            "country": "public",
            "interests": "public",
        },
        "joined_days_ago": 140,
    },
    {
        "display_name": "Tobias Lehner",
        "handle": "tobias_lehner",
        "email": "tobias_lehner@example.org",
        "language": "de",
        "bio": "",
        "company": "Lehner Zimmerei",
        "country": "AT",
        "interests": ["accessories", "service"],
        "visibility": {
            "bio": "members",
            "company": "members",
            "country": "members",
            "interests": "members",
        },
        "joined_days_ago": 702,
    },
    {
        "display_name": "Ingrid Baumgartner",
        "handle": "ingrid_bm",
        "email": "ingrid_bm@example.org",
        "language": "de",
        "bio": (
            "Pensionistin aus Innsbruck. Mit 72 habe ich mir mein erstes E-Bike gekauft und "
            "bereue keinen Kilometer. Nur die Schrift in der App dürfte größer sein."
        ),
        "company": "",
        "country": "AT",
        "interests": ["touring", "app"],
        "visibility": {
            "bio": "public",
            "company": "public",
            "country": "public",
            "interests": "public",
        },
        "joined_days_ago": 260,
    },
    {
        "display_name": "Yusuf Demir",
        "handle": "yusuf_demir",
        "email": "yusuf_demir@example.org",
        "language": "de",
        "bio": (
            "Arbeite im Schichtdienst im Krankenhaus und fahre oft nachts heim. Licht, "
            "Sichtbarkeit und ein zuverlässiger Diebstahlalarm sind mir am wichtigsten."
        ),
        "company": "Städtisches Klinikum",
        "country": "DE",
        "interests": ["commuting", "theft-protection", "winter"],
        "visibility": {
            "bio": "public",
            "company": "staff",
            "country": "public",
            "interests": "public",
        },
        "joined_days_ago": 330,
    },
    {
        "display_name": "Aurélie Fontaine",
        "handle": "aurelie_fontaine",
        "email": "aurelie_fontaine@example.org",
        "language": "en",
        "bio": (
            "Strasbourg–Kehl commuter, crossing the Rhine twice a day. I'd like the app to stop "
            "switching between French and German map labels halfway across the bridge."
        ),
        "company": "Rheinbrücke Logistik",
        "country": "FR",
        "interests": ["commuting", "navigation", "app"],
        "visibility": {
            "bio": "public",
            "company": "public",
            "country": "public",
            "interests": "public",
        },
        "joined_days_ago": 98,
    },
    {
        "display_name": "Katharina Vogel",
        "handle": "kathi_vogel",
        "email": "kathi_vogel@example.org",
        "language": "de",
        "bio": "Lastenrad, drei Kinder, ein Hund. Wir transportieren alles außer Klavieren.",
        "company": "",
        "country": "DE",
        "interests": ["cargo", "kids"],
        "visibility": {
            "bio": "public",
            "company": "public",
            "country": "public",
            "interests": "public",
        },
        "joined_days_ago": 540,
    },
    {
        "display_name": "Stefan Huber",
        "handle": "stefan_huber",
        "email": "stefan_huber@example.org",
        "language": "de",
        "bio": (
            "Ich betreibe einen kleinen Radverleih am Neusiedler See mit zwölf Fahrtwind-Rädern. "
            "Die Servicebuchung in der App ist für uns das Wichtigste."
        ),
        "company": "Seeradl Verleih",
        "country": "AT",
        "interests": ["service", "touring", "battery"],
        "visibility": {
            "bio": "public",
            "company": "public",
            "country": "public",
            "interests": "public",
        },
        "joined_days_ago": 781,
    },
    {
        "display_name": "Oliver Grant",
        "handle": "oliver_grant",
        "email": "oliver_grant@example.net",
        "language": "en",
        "bio": "",
        "company": "",
        "country": "GB",
        "interests": ["winter"],
        "visibility": {
            "bio": "private",
            "company": "private",
            "country": "private",
            "interests": "private",
        },
        "joined_days_ago": 7,
    },
    {
        "display_name": "Nina Zimmermann",
        "handle": "nina_zimmermann",
        "email": "nina_zimmermann@example.org",
        "language": "de",
        "bio": (
            "UX-Designerin, Pendlerin und notorische Feedback-Geberin. Mir fallen in Apps immer "
            "zuerst die Kleinigkeiten auf."
        ),
        "company": "Studio Nordlicht",
        "country": "DE",
        "interests": ["app", "commuting"],
        "visibility": {
            "bio": "public",
            "company": "public",
            "country": "public",
            "interests": "public",
        },
        "joined_days_ago": 175,
    },
    {
        "display_name": "Reto Brunner",
        "handle": "reto_brunner",
        "email": "reto_brunner@example.org",
        "language": "de",
        "bio": (
            "Ich fahre das ganze Jahr durchs Emmental, Regen hin oder her. Im Sommer hält der "
            "Akku problemlos, im Januar leider nur halb so lang."
        ),
        "company": "Brunner Holzbau AG",
        "country": "CH",
        "interests": ["winter", "battery", "range"],
        "visibility": {
            "bio": "public",
            "company": "public",
            "country": "public",
            "interests": "public",
        },
        "joined_days_ago": 395,
    },
    {
        "display_name": "Mads Christensen",
        "handle": "mads_christensen",
        "email": "mads_christensen@example.org",
        "language": "en",
        "bio": (
            "Software engineer in Aarhus. I care about the data side: exporting rides, GPX files "
            "and getting my trips out of the app in one piece."
        ),
        "company": "Havnegade Software",
        "country": "DK",
        "interests": ["app", "navigation"],
        "visibility": {
            "bio": "public",
            "company": "private",
            "country": "public",
            "interests": "public",
        },
        "joined_days_ago": 220,
    },
    {
        "display_name": "Elisabeth Steiner",
        "handle": "lisi_steiner",
        "email": "lisi_steiner@example.org",
        "language": "de",
        "bio": (
            "Pendle mit Rad und Zug zwischen St. Pölten und Wien. Ein Faltschloss, das wirklich "
            "unter den Sitz im Abteil passt, wäre ein Traum."
        ),
        "company": "",
        "country": "AT",
        "interests": ["commuting", "accessories", "theft-protection"],
        "visibility": {
            "bio": "public",
            "company": "public",
            "country": "public",
            "interests": "public",
        },
        "joined_days_ago": 150,
    },
    {
        "display_name": "Jakub Nowak",
        "handle": "jakub_nowak",
        "email": "jakub_nowak@example.org",
        "language": "de",
        "bio": (
            "Ich fahre für einen Lieferdienst in Berlin. Der Akku muss eine ganze Schicht halten, "
            "sonst verdiene ich nichts."
        ),
        "company": "",
        "country": "DE",
        "interests": ["commuting", "battery", "service"],
        "visibility": {
            "bio": "public",
            "company": "private",
            "country": "members",
            "interests": "public",
        },
        "joined_days_ago": 60,
    },
    {
        "display_name": "Laura Fischer",
        "handle": "laura_fischer",
        "email": "laura_fischer@example.org",
        "language": "de",
        "bio": (
            "Die Radreise von Passau nach Wien war mein bisher schönster Urlaub. Nächstes Jahr "
            "geht es einmal rund um den Bodensee."
        ),
        "company": "Buchhandlung Seitenwind",
        "country": "DE",
        "interests": ["touring", "navigation"],
        "visibility": {
            "bio": "public",
            "company": "public",
            "country": "public",
            "interests": "public",
        },
        "joined_days_ago": 445,
    },
    {
        "display_name": "Henrik van Dijk",
        "handle": "henrik_vandijk",
        "email": "henrik_vandijk@example.org",
        "language": "en",
        "bio": (
            "Retired schoolteacher from Groningen. Every spring my wife and I tour Germany and "
            "rely on the app to find charging stops and a decent bakery."
        ),
        "company": "",
        "country": "NL",
        "interests": ["touring", "range", "battery"],
        "visibility": {
            "bio": "public",
            "company": "public",
            "country": "public",
            "interests": "public",
        },
        "joined_days_ago": 610,
    },
    {
        "display_name": "Theresa Wimmer",
        "handle": "theresa_wimmer",
        "email": "theresa_wimmer@example.org",
        "language": "de",
        "bio": "",
        "company": "",
        "country": "AT",
        "interests": ["kids", "cargo"],
        "visibility": {
            "bio": "private",
            "company": "members",
            "country": "members",
            "interests": "members",
        },
        "joined_days_ago": 33,
    },
    {
        "display_name": "Benjamin Roth",
        "handle": "ben_roth",
        "email": "ben_roth@example.org",
        "language": "de",
        "bio": (
            "Fahrradmechaniker in einer kleinen Werkstatt in Freiburg. Ich sehe viele "
            "Fahrtwind-Räder von innen und habe starke Meinungen zu Steckverbindern."
        ),
        "company": "Radwerk Freiburg",
        "country": "DE",
        "interests": ["service", "battery", "accessories"],
        "visibility": {
            "bio": "public",
            "company": "public",
            "country": "public",
            "interests": "public",
        },
        "joined_days_ago": 505,
    },
    {
        "display_name": "Grace Liu",
        "handle": "grace_liu",
        "email": "grace_liu@example.com",
        "language": "en",
        "bio": (
            "Working in Geneva and riding along the lake every morning. I mostly use the app for "
            "service bookings and tyre pressure reminders."
        ),
        "company": "Lakeside Pharma SA",
        "country": "CH",
        "interests": ["commuting", "service", "app"],
        "visibility": {
            "bio": "public",
            "company": "members",
            "country": "public",
            "interests": "public",
        },
        "joined_days_ago": 115,
    },
    {
        "display_name": "Florian Egger",
        "handle": "flo_egger",
        "email": "flo_egger@example.org",
        "language": "de",
        "bio": (
            "Im Winter mit Spikereifen unterwegs, auch bei minus 15 Grad. Der Akku kommt über "
            "Nacht ins Warme, sonst ist morgens nicht mehr viel übrig."
        ),
        "company": "",
        "country": "AT",
        "interests": ["winter", "battery", "commuting"],
        "visibility": {
            "bio": "public",
            "company": "public",
            "country": "public",
            "interests": "public",
        },
        "joined_days_ago": 290,
    },
    {
        "display_name": "Ahmed Hassan",
        "handle": "ahmed_hassan",
        "email": "ahmed_hassan@example.org",
        "language": "en",
        "bio": (
            "Student in Aachen with a second-hand Fahrtwind. Trying to find out its service "
            "history and whether the battery is still healthy."
        ),
        "company": "",
        "country": "DE",
        "interests": ["battery", "service"],
        "visibility": {
            "bio": "public",
            "company": "public",
            "country": "members",
            "interests": "members",
        },
        "joined_days_ago": 25,
    },
    {
        "display_name": "Martina Koller",
        "handle": "martina_koller",
        "email": "martina_koller@example.org",
        "language": "de",
        "bio": (
            "Unser Verein radelt jeden Sommer gemeinsam nach Mariazell. Ich kümmere mich um die "
            "Route und die Ladepausen für rund 40 Leute."
        ),
        "company": "",
        "country": "AT",
        "interests": ["touring", "navigation", "range"],
        "visibility": {
            "bio": "public",
            "company": "public",
            "country": "public",
            "interests": "public",
        },
        "joined_days_ago": 660,
    },
    {
        "display_name": "James O'Connor",
        "handle": "james_oconnor",
        "email": "james_oconnor@example.org",
        "language": "en",
        "bio": (
            "Bike commuter in Bristol who switched over from a Dutch brand. The theft alarm is "
            "excellent, the geofence settings are a bit fiddly."
        ),
        "company": "Redcliffe Design Ltd",
        "country": "GB",
        "interests": ["commuting", "theft-protection", "app"],
        "visibility": {
            "bio": "public",
            "company": "public",
            "country": "public",
            "interests": "public",
        },
        "joined_days_ago": 270,
    },
    {
        "display_name": "Susanne Krämer",
        "handle": "susanne_kraemer",
        "email": "susanne_kraemer@example.org",
        "language": "de",
        "bio": "",
        "company": "Krämer Steuerberatung",
        "country": "DE",
        "interests": ["commuting"],
        "visibility": {
            "bio": "public",
            "company": "staff",
            "country": "public",
            "interests": "members",
        },
        "joined_days_ago": 830,
    },
    {
        "display_name": "Chiara Ferraro",
        "handle": "chiara_ferraro",
        "email": "chiara_ferraro@example.org",
        "language": "en",
        "bio": (
            "Riding to university in Trento every day. I'd love a way to share routes with "
            "friends without also sharing my home address."
        ),
        "company": "",
        "country": "IT",
        "interests": ["navigation", "app", "commuting"],
        "visibility": {
            "bio": "public",
            "company": "public",
            "country": "public",
            "interests": "public",
        },
        "joined_days_ago": 80,
    },
    {
        "display_name": "Simon Moser",
        "handle": "simon_moser",
        "email": "simon_moser@example.org",
        "language": "de",
        "bio": (
            "Familienvater aus Luzern. Unter der Woche Kinderanhänger und Einkäufe, am Wochenende "
            "auch mal eine Tour an den Vierwaldstättersee."
        ),
        "company": "",
        "country": "CH",
        "interests": ["kids", "cargo", "touring"],
        "visibility": {
            "bio": "public",
            "company": "members",
            "country": "public",
            "interests": "public",
        },
        "joined_days_ago": 340,
    },
    {
        "display_name": "Emily Carter",
        "handle": "emily_carter",
        "email": "emily_carter@example.net",
        "language": "en",
        "bio": (
            "Rode from Salzburg to Venice on a rented Fahrtwind and bought my own afterwards. "
            "Shipping it home to Oregon was its own adventure."
        ),
        "company": "",
        "country": "US",
        "interests": ["touring", "range"],
        "visibility": {
            "bio": "public",
            "company": "public",
            "country": "public",
            "interests": "public",
        },
        "joined_days_ago": 150,
    },
]
