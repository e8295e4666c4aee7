"""What the Fahrtwind community has written in the forums, for ``portal seed --demo``.

Pure data, fictional and original, in the language of whoever writes it: German-speaking members
write in German, English-speaking ones in English, and the team answers in the asker's language.
Times are days before the seed runs (``days_ago``); forums/demo.py turns them into dates and
writes everything through the forums' services as the member who did it (staff answers are
official by themselves).

The story matches the idea board's: app 4.1 shipped about 5½ months ago (the charge limit, the
phone's font size), 4.2 about three months ago (service booking), 4.3 a month ago (a range
estimate that knows the cold); battery firmware 2.8 came with 4.1.
"""
from __future__ import annotations

from typing import NotRequired, TypedDict

PRODUCT = "product@example.org"  # Lukas Ebner
SERVICE = "service@example.org"  # Sandra Kowalski
MODERATOR = "moderator@example.org"  # Tom Whitfield
ADMIN = "admin@example.org"  # Petra Lindner (opens the categories)


class CategorySpec(TypedDict):
    slug: str
    name: str
    description: str
    colour: str
    read: str
    post: str


class EditSpec(TypedDict):
    days_ago: float
    body: str


class FlagSpec(TypedDict):
    by: str
    reason: str  # one of forums.models.FLAG_REASONS
    note: str


class ReplySpec(TypedDict):
    author: str
    days_ago: float
    body: str
    likes: NotRequired[list[str]]
    edit: NotRequired[EditSpec]
    flags: NotRequired[list[FlagSpec]]  # waiting in the moderators' queue
    held: NotRequired[bool]  # a new member's first post with a link: held for review by the trust rules


class ThreadSpec(TypedDict):
    category: str
    author: str
    days_ago: float
    title: str
    body: str
    tags: list[str]
    likes: NotRequired[list[str]]  # of the opening post
    edit: NotRequired[EditSpec]  # of the opening post
    replies: NotRequired[list[ReplySpec]]
    accepted: NotRequired[int]  # the index of the accepted reply
    accepted_by: NotRequired[str]  # who accepted it (default: who asked)
    converted_by: NotRequired[str]  # who turned it into an idea (where the idea board is installed)


CATEGORIES: list[CategorySpec] = [
    {"slug": "hilfe", "name": "Hilfe & Fragen", "colour": "#2f6fdb", "read": "everyone", "post": "members",
     "description": "Etwas klemmt, lädt nicht oder zeigt Unsinn an? Frag hier – die Community und das "
                    "Fahrtwind-Team antworten."},
    {"slug": "help", "name": "Help & questions", "colour": "#1f7a5a", "read": "everyone", "post": "members",
     "description": "Questions in English about your Fahrtwind bike and the app. Other riders and the team "
                    "answer here."},
    {"slug": "tipps-touren", "name": "Tipps & Touren", "colour": "#b35c00", "read": "everyone", "post": "members",
     "description": "Lieblingsstrecken, Packlisten, Pflege und alles, was ihr unterwegs gelernt habt."},
    {"slug": "ankuendigungen", "name": "Ankündigungen", "colour": "#8a3ffc", "read": "everyone", "post": "staff",
     "description": "Neuigkeiten vom Fahrtwind-Team: neue App-Versionen, Firmware, Servicezeiten."},
    {"slug": "stammtisch", "name": "Stammtisch", "colour": "#a2191f", "read": "members", "post": "members",
     "description": "Nur für Mitglieder: Treffen, Ausfahrten und was sonst nicht ins Schaufenster gehört."},
    {"slug": "team", "name": "Teamraum", "colour": "#525252", "read": "staff", "post": "staff",
     "description": "Nur fürs Team: Absprachen zu Antworten, Rückrufen und Releases."},
]

THREADS: list[ThreadSpec] = [
    {
        "category": "hilfe", "author": "klaus_dietrich@example.org", "days_ago": 41,
        "title": "Reichweite springt nach 30 km von 85 auf 12 km",
        "body": (
            "Morgens zeigt das Display nach dem Laden 85 km Reichweite. Nach gut 30 km auf meiner "
            "Pendelstrecke (flach, Stufe Tour) springt die Anzeige plötzlich auf 12 km und das Rad "
            "regelt kurz darauf ab.\n\n"
            "Akku ist zwei Jahre alt, App 4.3, Akku-Firmware weiß ich nicht. Ist der Akku hinüber?"
        ),
        "tags": ["akku", "reichweite"],
        "likes": ["reto_brunner@example.org", "flo_egger@example.org"],
        "replies": [
            {"author": "mpichler@example.org", "days_ago": 41, "body": (
                "Klingt eher nach einer Zelle, die unter Last einbricht, als nach einem leeren Akku. "
                "Schau mal in der App unter Einstellungen → Rad → Akku nach der **Zellspannung**: "
                "Wenn eine Gruppe deutlich niedriger ist als die anderen, ist das dein Kandidat."),
             "likes": ["klaus_dietrich@example.org"]},
            {"author": SERVICE, "days_ago": 40, "body": (
                "Hallo Klaus, danke für die genaue Beschreibung! Bitte prüf zuerst die Firmware "
                "(Einstellungen → Rad → Firmware). Vor Version 2.8 hat der Akku seine Kapazität bei "
                "Kälte zu optimistisch gemeldet – genau dieser Sprung war die Folge.\n\n"
                "Wenn du schon 2.8 hast: Schick uns über die App unter „Service“ einen Akkutest, dann "
                "sehen wir uns die Zellwerte an. Ein Akku unter drei Jahren ist noch in der Garantie."),
             "likes": ["klaus_dietrich@example.org", "mpichler@example.org", "flo_egger@example.org",
                       "reto_brunner@example.org"]},
            {"author": "klaus_dietrich@example.org", "days_ago": 38, "body": (
                "Es war tatsächlich die Firmware: 2.6 war drauf. Nach dem Update zeigt er morgens "
                "ehrlichere 64 km, und die gibt es dann auch wirklich. Danke euch beiden!"),
             "edit": {"days_ago": 38, "body": (
                 "Es war tatsächlich die Firmware: 2.6 war drauf. Nach dem Update zeigt er morgens "
                 "ehrlichere 64 km, und die fahre ich dann auch wirklich. Seit einer Woche kein "
                 "Abregeln mehr. Danke euch beiden!")}},
        ],
        "accepted": 1,
    },
    {
        "category": "help", "author": "ahmed_hassan@example.org", "days_ago": 33,
        "title": "Bought a used Fahrtwind – how do I move it to my account?",
        "body": (
            "I bought a second-hand Fahrtwind City from someone on a classifieds site. The app still "
            "shows the bike as paired to the previous owner, and I can't see its service history.\n\n"
            "The seller is friendly but doesn't really know what to do either. What is the right way "
            "to transfer it?"
        ),
        "tags": ["app", "used-bike"],
        "replies": [
            {"author": "james_oconnor@example.org", "days_ago": 33, "body": (
                "Did the same last year. The seller has to remove the bike from *their* account first "
                "(Bike → Settings → Remove this bike). Until they do, the app won't let you pair it."),
             "likes": ["ahmed_hassan@example.org"]},
            {"author": SERVICE, "days_ago": 32, "body": (
                "Hi Ahmed, James is right about the first step. If the seller can't do it (lost "
                "phone, forgotten login), send us the frame number and the receipt or a short note "
                "from the seller through the app's *Service* page, and we release the bike for you "
                "within two working days.\n\n"
                "The service history moves with the bike once it is paired to you. Battery health "
                "is under Bike → Battery → Health."),
             "likes": ["ahmed_hassan@example.org", "james_oconnor@example.org", "grace_liu@example.com"]},
            {"author": "ahmed_hassan@example.org", "days_ago": 29, "body": (
                "Done – the seller removed it and I paired it in two minutes. Battery health says 91 %, "
                "better than I feared. Thanks!")},
        ],
        "accepted": 1,
    },
    {
        "category": "hilfe", "author": "yusuf_demir@example.org", "days_ago": 12,
        "title": "Diebstahlalarm piept nachts ohne Grund",
        "body": (
            "Mein Rad steht im Hinterhof am Krankenhaus. Zwei-, dreimal pro Nachtschicht bekomme ich "
            "eine Alarm-Meldung aufs Handy, aber es ist nie jemand am Rad. Wind? Katzen?\n\n"
            "Kann man die Empfindlichkeit irgendwo einstellen?"
        ),
        "tags": ["alarm", "diebstahlschutz"],
        "likes": ["julia_brandstetter@example.org"],
        "replies": [
            {"author": "julia_brandstetter@example.org", "days_ago": 12, "body": (
                "Die Empfindlichkeit gibt es unter Diebstahlschutz → Bewegungsalarm → Stufe. Ich "
                "habe „mittel“, seitdem reagiert er nicht mehr auf jeden LKW, der vorbeifährt. Wenn "
                "das Rad an einem wackeligen Bügel steht, hilft auch ein Gummi zwischen Rahmen und Bügel."),
             "likes": ["yusuf_demir@example.org", "james_oconnor@example.org"]},
            {"author": "yusuf_demir@example.org", "days_ago": 9, "body": (
                "Auf „mittel“ gestellt, seit drei Nächten Ruhe. Ich lasse den Thread noch offen, bis "
                "ich sicher bin, dass es nicht nur am Wetter lag.")},
        ],
    },
    {
        "category": "help", "author": "sarah_mitchell@example.org", "days_ago": 6,
        "title": "App 4.3 crashes when I open a ride from last year",
        "body": (
            "Steps: open *Rides*, scroll to any ride from 2025, tap it → the app closes. Rides from "
            "this year open fine. iPhone 13, iOS 19.2, app 4.3.0.\n\n"
            "I already reinstalled the app; the rides are still there, the crash too. Happy to send "
            "logs if someone tells me how."
        ),
        "tags": ["app", "bug"],
        "likes": ["mads_christensen@example.org", "aurelie_fontaine@example.org"],
        "replies": [
            {"author": "mads_christensen@example.org", "days_ago": 6, "body": (
                "Same here on Android, so it is not the phone. It seems to hit only rides recorded "
                "before the 4.1 update – maybe the older ride format?"),
             "likes": ["sarah_mitchell@example.org"]},
            {"author": PRODUCT, "days_ago": 5, "body": (
                "Thank you both – Mads's guess is right. Rides recorded before 4.1 are missing the "
                "temperature field that 4.3 now reads for the range chart. The fix is in 4.3.1, "
                "which is in review at the app stores. Your rides are safe; nothing is lost."),
             "likes": ["sarah_mitchell@example.org", "mads_christensen@example.org",
                       "daniel_okafor@example.org"]},
        ],
    },
    {
        "category": "hilfe", "author": "anna_gruber@example.org", "days_ago": 3,
        "title": "Lastenrad: Motor setzt am Berg mit voller Zuladung aus",
        "body": (
            "Mit beiden Kindern vorne in der Kiste (zusammen ca. 38 kg) schaltet der Motor an "
            "unserer Steigung zum Kindergarten manchmal für ein, zwei Sekunden ab. Ohne Kinder nie.\n\n"
            "Ist das eine Schutzfunktion, oder sollte ich in die Werkstatt?"
        ),
        "tags": ["lastenrad", "motor"],
        "replies": [
            {"author": "kathi_vogel@example.org", "days_ago": 2, "body": (
                "Kenne ich! Bei uns war es der Geschwindigkeitssensor: Der Magnet an der Speiche war "
                "verrutscht, und unter Last hat der Motor kurz „kein Tempo“ gemessen. Schau mal, ob der "
                "Abstand zum Sensor noch stimmt (ein paar Millimeter).")},
        ],
    },
    {
        "category": "help", "author": "emily_carter@example.net", "days_ago": 1,
        "title": "Shipping my bike overseas – what do I do with the battery?",
        "body": (
            "I am moving back to the US for a year and want to take my Fahrtwind along. The shipping "
            "company says lithium batteries over 100 Wh need special paperwork.\n\n"
            "Has anyone done this? Is it easier to buy a second battery over there?"
        ),
        "tags": ["battery", "travel"],
        "replies": [
            {"author": "ben_roth@example.org", "days_ago": 0.5, "held": True, "body": (
                "I shipped mine with https://battery-freight.example.com last spring. They did the "
                "dangerous-goods papers for me, took about two weeks door to door.")},
        ],
    },
    {
        "category": "tipps-touren", "author": "laura_fischer@example.org", "days_ago": 64,
        "title": "Rund um den Bodensee in vier Tagen – unsere Ladestopps",
        "body": (
            "Wir sind im September einmal um den See gefahren (ca. 260 km, Uhrzeigersinn ab Lindau). "
            "Geladen haben wir in **Meersburg** (Café am Hafen, fragen lohnt sich), in **Konstanz** "
            "am Bahnhof und in **Rorschach** im Hotel über Nacht.\n\n"
            "Mit Stufe Tour kamen wir mit einer Ladung pro Tag locker hin. Tipp: Die Fähre "
            "Meersburg–Konstanz spart 40 km, falls das Wetter kippt."
        ),
        "tags": ["touren", "bodensee"],
        "likes": ["hannelore_weiss@example.org", "henrik_vandijk@example.org", "martina_koller@example.org",
                  "simon_moser@example.org", "advocate@example.org"],
        "edit": {"days_ago": 63, "body": (
            "Wir sind im September einmal um den See gefahren (ca. 260 km, Uhrzeigersinn ab Lindau). "
            "Geladen haben wir in **Meersburg** (Café am Hafen, fragen lohnt sich), in **Konstanz** "
            "am Bahnhof und in **Rorschach** im Hotel über Nacht.\n\n"
            "Mit Stufe Tour kamen wir mit einer Ladung pro Tag locker hin. Tipp: Die Fähre "
            "Meersburg–Konstanz spart 40 km, falls das Wetter kippt.\n\n"
            "*Nachtrag:* Das Ladegerät passt in die linke Packtasche, wenn man das Kabel um den "
            "Block wickelt – das Netzteil ist leichter, als es aussieht.")},
        "replies": [
            {"author": "hannelore_weiss@example.org", "days_ago": 60, "body": (
                "Wunderbar, das steht für nächsten Mai auf unserer Liste. Wie war der Radweg auf der "
                "Schweizer Seite zwischen Kreuzlingen und Romanshorn?"),
             "likes": ["laura_fischer@example.org"]},
            {"author": "laura_fischer@example.org", "days_ago": 59, "body": (
                "Fast durchgehend eigener Weg direkt am Wasser, nur bei Altnau ein Stück Landstraße. "
                "Sehr entspannt, auch mit Gepäck.")},
            {"author": "simon_moser@example.org", "days_ago": 47, "body": (
                "Danke für die Liste! Wir haben es mit Kinderanhänger in fünf Tagen gemacht, die Fähre "
                "war für die Kinder das Highlight.")},
        ],
    },
    {
        "category": "tipps-touren", "author": "flo_egger@example.org", "days_ago": 22,
        "title": "Winterpendeln bei minus 15 Grad: was bei mir funktioniert",
        "body": (
            "Mein fünfter Winter mit dem Rad, hier meine Liste:\n\n"
            "- Akku über Nacht in der Wohnung, erst kurz vor der Fahrt einsetzen\n"
            "- Neoprenhülle für den Akku (bringt bei mir etwa 15 % Reichweite)\n"
            "- Spikereifen mit 2 bar, nicht mehr\n"
            "- Kette nach jeder Salzfahrt abwischen, einmal pro Woche ölen\n\n"
            "Was habt ihr noch?"
        ),
        "tags": ["winter", "akku", "pendeln"],
        "likes": ["reto_brunner@example.org", "sophie_keller@example.org", "klaus_dietrich@example.org",
                  "anna_gruber@example.org", "member@example.org"],
        "replies": [
            {"author": "sophie_keller@example.org", "days_ago": 21, "body": (
                "Schutzbleche mit langem Spritzlappen vorne! Sonst sind die Schuhe nach zehn Minuten "
                "Schneematsch nass."),
             "likes": ["flo_egger@example.org", "reto_brunner@example.org"]},
            {"author": SERVICE, "days_ago": 20, "body": (
                "Toller Beitrag, Florian! Eine Ergänzung aus der Werkstatt: Bitte den Akku nicht "
                "direkt neben die Heizung legen, Zimmertemperatur reicht völlig. Und die "
                "Ladebuchse nach Salzfahrten trocken halten – die Kappe schließen, dann gibt es keine "
                "Korrosion an den Kontakten."),
             "likes": ["flo_egger@example.org", "sophie_keller@example.org", "member@example.org"]},
            {"author": "member@example.org", "days_ago": 17, "body": (
                "Die Neoprenhülle habe ich mir daraufhin geholt – auf meinen 14 km merke ich den "
                "Unterschied tatsächlich, vor allem morgens.")},
        ],
    },
    {
        "category": "tipps-touren", "author": "henrik_vandijk@example.org", "days_ago": 15,
        "title": "Elbe cycle path from Dresden to Magdeburg – bakeries and sockets",
        "body": (
            "My wife and I rode the Elbe path in October over six relaxed days. Everywhere we asked, "
            "cafés let us charge for the price of a coffee and cake – the app's charging map knew "
            "about half of them.\n\n"
            "Best stop: a little bakery in Torgau with a socket right by the window seat. Worst: "
            "the stretch after Wittenberg, where the path is gravel for 20 km."
        ),
        "tags": ["touring", "charging"],
        "likes": ["hannelore_weiss@example.org", "emily_carter@example.net"],
        "replies": [
            {"author": "hannelore_weiss@example.org", "days_ago": 14, "body": (
                "Die Bäckerei in Torgau kennen wir auch! Der Mohnkuchen allein ist die Etappe wert.")},
        ],
    },
    {
        "category": "ankuendigungen", "author": PRODUCT, "days_ago": 31,
        "title": "App 4.3 ist da: Reichweite, die die Kälte kennt",
        "body": (
            "Ab heute rollt Version 4.3 aus. Das Wichtigste:\n\n"
            "- Die Reichweitenanzeige rechnet jetzt **Akku- und Außentemperatur** mit ein.\n"
            "- Neue Fahrtenstatistik mit Temperaturverlauf.\n"
            "- Viele kleine Korrekturen, die ihr uns hier gemeldet habt.\n\n"
            "Danke an alle, die in der Idee zur Reichweite mitdiskutiert haben – ohne eure Messungen "
            "hätten wir das nicht so schnell hinbekommen."
        ),
        "tags": ["release", "app"],
        "likes": ["klaus_dietrich@example.org", "reto_brunner@example.org", "flo_egger@example.org",
                  "advocate@example.org", "anna_gruber@example.org", "member@example.org"],
    },
    {
        "category": "ankuendigungen", "author": SERVICE, "days_ago": 8,
        "title": "Servicezeiten über die Feiertage",
        "body": (
            "Vom 24. Dezember bis 6. Januar ist unsere Hotline nur vormittags von 9 bis 12 Uhr "
            "erreichbar. Werkstatttermine über die App könnt ihr wie gewohnt buchen; die "
            "Partnerwerkstätten zeigen selbst an, wann sie geöffnet haben.\n\n"
            "Schöne Feiertage und gute Fahrt!"
        ),
        "tags": ["service"],
        "likes": ["stefan_huber@example.org", "grace_liu@example.com"],
    },
    {
        "category": "stammtisch", "author": "martina_koller@example.org", "days_ago": 19,
        "title": "Frühjahrsausfahrt nach Mariazell – wer ist dabei?",
        "body": (
            "Unser Verein fährt am ersten Maiwochenende wieder nach Mariazell, diesmal offen für alle "
            "aus der Community. Zwei Etappen, Übernachtung in Lilienfeld, Ladepause mittags.\n\n"
            "Wer mitfahren will, schreibt einfach hier – ich brauche bis Ende März eine grobe Zahl "
            "für die Zimmer."
        ),
        "tags": ["ausfahrt", "treffen"],
        "likes": ["laura_fischer@example.org", "advocate@example.org", "georg_ramsauer@example.org"],
        "replies": [
            {"author": "advocate@example.org", "days_ago": 18, "body": (
                "Bin dabei, und ich bringe ein zweites Ladegerät für die Mittagspause mit.")},
            {"author": "georg_ramsauer@example.org", "days_ago": 16, "body": (
                "Wenn ihr über den Annaberg fahrt, meldet euch: Wir haben am Hof Strom und Most.")},
            {"author": "daniel_okafor@example.org", "days_ago": 11, "body": (
                "Count me in, if an English speaker with questionable German is welcome!"),
             "likes": ["martina_koller@example.org"]},
            {"author": "marco_bianchi@example.com", "days_ago": 4, "body": (
                "Verkaufe mein Fahrtwind Cargo, kaum gefahren, mit zweitem Akku. 2.400 € VB – wer "
                "Interesse hat, schreibt mir einfach."),
             "flags": [{"by": "georg_ramsauer@example.org", "reason": "off_topic",
                        "note": "Eine Verkaufsanzeige, hat mit der Ausfahrt nichts zu tun."},
                       {"by": "martina_koller@example.org", "reason": "spam", "note": ""}]},
        ],
    },
    {
        "category": "hilfe", "author": "lena_hartmann@example.org", "days_ago": 26,
        "title": "Kann mich die App an die nächste Inspektion erinnern?",
        "body": (
            "Ich vergesse die Inspektion jedes Jahr, bis die Bremsen quietschen. Gibt es in der App "
            "irgendwo eine Erinnerung, zum Beispiel nach Kilometern oder einmal im Jahr?"
        ),
        "tags": ["app", "service"],
        "likes": ["nina_zimmermann@example.org", "felix_schneider@example.org", "theresa_wimmer@example.org"],
        "replies": [
            {"author": SERVICE, "days_ago": 25, "body": (
                "Hallo Lena, eine solche Erinnerung gibt es leider noch nicht. Die Service-Buchung seit "
                "App 4.2 merkt sich aber deinen letzten Termin. Ich gebe deinen Wunsch ans Produktteam "
                "weiter.")},
        ],
        "converted_by": PRODUCT,
    },
    {
        "category": "team", "author": SERVICE, "days_ago": 9,
        "title": "Textbaustein für Fragen zum Akkuversand",
        "body": (
            "Wir bekommen gerade viele Fragen, wie man Akkus ins Ausland verschickt. Vorschlag für "
            "eine Standardantwort: Versand über 100 Wh nur als Gefahrgut, deshalb besser den Akku "
            "bei uns abmelden und vor Ort über einen Partner ausleihen.\n\n"
            "Lukas, können wir die Leihakkus für die USA schon zusagen?"
        ),
        "tags": ["akku", "textbaustein"],
        "replies": [
            {"author": PRODUCT, "days_ago": 8, "body": (
                "Noch nicht verbindlich – der Partner in Portland startet erst im Februar. Bitte "
                "vorerst nur „wir arbeiten daran“ schreiben.")},
            {"author": MODERATOR, "days_ago": 7, "body": (
                "I'll pin an English version in *Help & questions* once the wording is final.")},
        ],
    },
]
