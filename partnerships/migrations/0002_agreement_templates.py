"""The four agreement models, each with a published version 1: sections with default clause text
in Danish, guidance for the person drafting, and variants by partner kind where the wording
really differs (schools and day-care: børneattest; companies: sponsorship; municipal units: no
invoicing and no courts; volunteer groups: insurance).

Placeholders in the texts (filled by partnerships.services.drafting, see PLACEHOLDERS there):
{library}, {library_full}, {partner}, {partner_full}, {partner_signatory}, {owner}, {title} are
filled when the agreement is created; {start_date}, {end_date}, {notice_months} and
{evaluation_date} stay in the working text and are filled whenever the document is shown, so a
changed period shows up everywhere. Text in [square brackets] is a prompt for the drafter.
"""

from django.db import migrations
from django.utils import timezone

PARTIES = {
    "key": "parter",
    "title": "Parter og kontaktpersoner",
    "guidance": (
        "Tjek at navn, CVR-nummer og adresse er rigtige. Underskriveren hos partneren skal være "
        "en kontaktperson, der må skrive under på organisationens vegne – vælg vedkommende i "
        "trinnet 'Tekst'."
    ),
    "text": (
        "Aftalen er indgået mellem\n\n{library_full}\n\nog\n\n{partner_full}\n\n"
        "Bibliotekets kontaktperson er {owner}. Partnerens kontaktperson og underskriver er "
        "{partner_signatory}, som må underskrive på {partner}s vegne.\n\n"
        "Skifter en af parterne kontaktperson, giver den part den anden skriftlig besked "
        "hurtigst muligt."
    ),
    "variants": {
        "municipal": (
            "Aftalen er indgået mellem\n\n{library_full}\n\nog\n\n{partner_full}\n\n"
            "Begge parter er enheder i samme kommune. Aftalen er derfor en intern "
            "samarbejdsaftale om, hvem der gør hvad – ikke en kontrakt mellem to juridiske "
            "personer.\n\n"
            "Bibliotekets kontaktperson er {owner}. Partnerens kontaktperson og underskriver er "
            "{partner_signatory}, som er leder eller har ledelsens bemyndigelse til at indgå "
            "aftalen."
        ),
    },
}

BACKGROUND = {
    "key": "baggrund",
    "title": "Baggrund og formål",
    "guidance": (
        "Skriv med jeres egne ord, hvorfor I samarbejder, og hvad I vil opnå sammen. Knyt gerne "
        "formålet til bibliotekets strategi og indsatsområder. Undgå fagsprog – partneren og "
        "borgerne skal kunne forstå det."
    ),
    "text": (
        "{library} og {partner} samarbejder om {title}.\n\n"
        "Formålet er at [beskriv, hvad I vil opnå for borgerne].\n\n"
        "Samarbejdet bygger på, at hver part bidrager med det, den er god til, og at borgerne "
        "får mere ud af det, end hver part kunne give alene."
    ),
}

TARGET_GROUP = {
    "key": "maalgruppe",
    "title": "Målgruppe",
    "guidance": "Hvem er det for? Alder, livssituation, bydel – og hvor mange I regner med.",
    "text": (
        "Samarbejdet henvender sig til [målgruppe, fx børnefamilier i Tårnby]. Vi forventer "
        "[antal] deltagere [pr. gang / i alt].\n\n"
        "Aktiviteterne er åbne og gratis for borgerne, medmindre andet står i aftalen."
    ),
    "variants": {
        "school": (
            "Samarbejdet henvender sig til elever på {partner} [klassetrin]. Vi forventer "
            "[antal] klasser [pr. skoleår]."
        ),
        "daycare": (
            "Samarbejdet henvender sig til børn i {partner} [aldersgruppe, fx 3-6 år] og "
            "deres forældre. Vi forventer [antal] besøg [pr. år]."
        ),
    },
}

CONTENT = {
    "key": "indhold",
    "title": "Indhold og omfang",
    "guidance": (
        "Beskriv konkret, hvad I laver: hvilke aktiviteter, hvor ofte, hvor og hvor mange timer. "
        "Jo mere konkret, jo færre misforståelser."
    ),
    "text": (
        "Samarbejdet består af:\n\n"
        "- [aktivitet, fx læseklub én gang om måneden]\n"
        "- [aktivitet]\n\n"
        "Aktiviteterne foregår [sted, fx på Tårnby Hovedbibliotek]. Omfanget er [fx 10 "
        "arrangementer om året à 2 timer]."
    ),
}

ROLES = {
    "key": "roller",
    "title": "Roller og ansvarsfordeling",
    "guidance": (
        "Hvem gør hvad, står i ansvarsfordelingen (skemaet) i aftalen – udfyld den i trinnet "
        "'Ansvarsfordeling'. Her kan I beskrive det, der ikke passer ind i skemaet."
    ),
    "text": (
        "Hvem der har ansvaret for hvad, står i ansvarsfordelingen i aftalen.\n\n"
        "{library} har ansvaret for bibliotekets lokaler, udstyr og personale. {partner} har "
        "ansvaret for sine egne ansatte, frivillige og deltagere. Begge parter bidrager til at "
        "planlægge indholdet og til at fortælle om det.\n\n"
        "Ingen af parterne kan handle eller indgå aftaler på den andens vegne."
    ),
    "variants": {
        "volunteer_group": (
            "Hvem der har ansvaret for hvad, står i ansvarsfordelingen i aftalen.\n\n"
            "{partner} er en gruppe af frivillige. De frivillige supplerer bibliotekets "
            "ansatte og løser aldrig opgaver, som ansatte er ansat til at løse. Biblioteket "
            "udpeger en kontaktperson, som de frivillige kan gå til.\n\n"
            "Ingen af parterne kan handle eller indgå aftaler på den andens vegne."
        ),
    },
}

PERIOD = {
    "key": "periode",
    "title": "Periode og forlængelse",
    "guidance": (
        "Datoerne udfyldes fra trinnet 'Periode'. En aftale på mere end et år bør have en "
        "evaluering undervejs."
    ),
    "text": (
        "Aftalen gælder fra {start_date} til {end_date}.\n\n"
        "Parterne evaluerer samarbejdet senest {evaluation_date} og beslutter på den baggrund, "
        "om aftalen skal forlænges. En forlængelse er en ny aftale, som begge parter skriver "
        "under på."
    ),
}

ECONOMY = {
    "key": "oekonomi",
    "title": "Økonomi",
    "guidance": (
        "Står der penge på spil, så skriv beløb, hvem der betaler, og hvornår. Er partneren en "
        "virksomhed, der sponsorerer, så brug virksomhedsvarianten: biblioteket bevarer sin "
        "uafhængighed. Kommunale enheder fakturerer ikke hinanden."
    ),
    "text": (
        "Hver part betaler selv sine udgifter til samarbejdet, og ingen af parterne betaler den "
        "anden for sin indsats, medmindre det står her:\n\n"
        "[Beskriv eventuelle beløb, hvem der betaler hvad, og hvornår. Skriv 'Ingen', hvis der "
        "ikke er penge involveret.]"
    ),
    "variants": {
        "company": (
            "{partner} støtter samarbejdet med [beløb] kr. ekskl. moms [pr. år / i alt]. "
            "Biblioteket sender faktura til {partner} [tidspunkt], og beløbet betales senest 30 "
            "dage efter fakturadatoen.\n\n"
            "Støtten giver ikke {partner} indflydelse på bibliotekets indhold, udvalg af "
            "materialer eller formidling. Biblioteket anbefaler ikke virksomhedens produkter "
            "eller ydelser. Hvordan biblioteket nævner {partner} som sponsor, står under "
            "'Rettigheder og synlighed'."
        ),
        "municipal": (
            "Begge parter er enheder i samme kommune, så der sendes ikke fakturaer. Har en part "
            "udgifter, som den anden skal bære, flyttes beløbet internt mellem budgetterne efter "
            "aftale mellem de budgetansvarlige.\n\n"
            "[Beskriv eventuelle udgifter, og hvilket budget de hører til. Skriv 'Ingen', hvis "
            "der ikke er udgifter.]"
        ),
        "association": (
            "Hver part betaler selv sine udgifter til samarbejdet, og ingen af parterne betaler "
            "den anden for sin indsats, medmindre det står her:\n\n"
            "[Beskriv eventuelle beløb. Skriv 'Ingen', hvis der ikke er penge involveret.]\n\n"
            "{partner} kan søge tilskud, fx fra kommunens puljer til frivilligt socialt arbejde, "
            "til sin del af samarbejdet. Biblioteket skriver gerne en støtteerklæring."
        ),
    },
}

ROOMS = {
    "key": "lokaler",
    "title": "Lokaler, udstyr og forsikring",
    "guidance": (
        "Skriv hvilke lokaler og hvilket udstyr der stilles til rådighed, og hvem der låser op "
        "og af. Forsikring: hver part dækker sit eget, med mindre I aftaler andet."
    ),
    "text": (
        "{library} stiller [lokale og udstyr] til rådighed for samarbejdets aktiviteter efter "
        "aftale. {partner} passer på lokaler og udstyr og afleverer dem, som de blev modtaget. "
        "Skader meldes straks til biblioteket.\n\n"
        "Hver part sørger for at være forsikret for sine egne ansatte, frivillige og sit eget "
        "udstyr. Biblioteket er som kommunal institution omfattet af kommunens forsikringer."
    ),
    "variants": {
        "municipal": (
            "{library} stiller [lokale og udstyr] til rådighed for samarbejdets aktiviteter "
            "efter aftale. {partner} passer på lokaler og udstyr og afleverer dem, som de blev "
            "modtaget. Skader meldes straks til biblioteket.\n\n"
            "Begge parter er enheder i kommunen og dermed omfattet af kommunens forsikringer."
        ),
        "volunteer_group": (
            "{library} stiller [lokale og udstyr] til rådighed for samarbejdets aktiviteter "
            "efter aftale. De frivillige passer på lokaler og udstyr og melder skader straks "
            "til biblioteket.\n\n"
            "Frivillige, der løser opgaver i samarbejdet efter aftale med biblioteket, er "
            "dækket af kommunens forsikring for frivillige, som beskrevet i bibliotekets "
            "frivillighedsmodel. Private ejendele er ikke dækket."
        ),
    },
}

COMMUNICATION = {
    "key": "kommunikation",
    "title": "Kommunikation og møder",
    "guidance": "Hvor ofte mødes I, og hvordan holder I hinanden orienteret?",
    "text": (
        "Kontaktpersonerne holder hinanden orienteret løbende og mødes [fx to gange om året] "
        "for at planlægge og følge op. Ændringer i planerne meldes til den anden part så "
        "tidligt som muligt og senest [fx 14 dage] før."
    ),
}

PERSONAL_DATA = {
    "key": "persondata",
    "title": "Persondata og tavshedspligt",
    "guidance": (
        "Behandler partneren personoplysninger på bibliotekets vegne – fx tilmeldingslister, "
        "som biblioteket er ansvarlig for? Så er partneren databehandler, og I skal lave en "
        "databehandleraftale (kommunens skabelon) som bilag, før behandlingen begynder. Spørg "
        "kommunens databeskyttelsesrådgiver, hvis I er i tvivl."
    ),
    "text": (
        "Hver part er selv dataansvarlig for de personoplysninger, den behandler om egne "
        "ansatte, frivillige og deltagere, og behandler dem efter databeskyttelsesforordningen "
        "og databeskyttelsesloven.\n\n"
        "Skal {partner} behandle personoplysninger på bibliotekets vegne, indgår parterne en "
        "databehandleraftale, før behandlingen begynder. Databehandleraftalen er et bilag til "
        "denne aftale.\n\n"
        "Begge parter holder fortrolige oplysninger, som de får om den anden part eller om "
        "borgere gennem samarbejdet, for sig selv – også efter at aftalen er ophørt."
    ),
}

CHILD_CERTIFICATE = {
    "key": "boerneattest",
    "title": "Børneattest",
    "guidance": (
        "Med, når partnerens ansatte eller frivillige har direkte kontakt med børn under 15 år. "
        "Ellers kan afsnittet tømmes, så falder det ud af aftalen. Biblioteket ser aldrig "
        "attestens indhold – kun at den er indhentet."
    ),
    "required": False,
    "text": (
        "Har {partner}s ansatte eller frivillige i samarbejdet direkte kontakt med børn under "
        "15 år, indhenter {partner} børneattest for dem, før de begynder, efter de gældende "
        "regler. {partner} bekræfter over for biblioteket, at det er sket – biblioteket skal "
        "ikke se attestens indhold.\n\n"
        "Biblioteket indhenter børneattest for sine egne ansatte og frivillige i samarbejdet."
    ),
    "variants": {
        "school": (
            "{partner} indhenter som skole selv børneattest for sine ansatte og bekræfter, at "
            "det er sket for de lærere og pædagoger, der deltager i samarbejdet. Biblioteket "
            "indhenter børneattest for sine egne ansatte og frivillige, der arbejder med "
            "eleverne.\n\n"
            "Når eleverne er på biblioteket, har skolens lærere og pædagoger det pædagogiske "
            "ansvar og tilsynet med eleverne."
        ),
        "daycare": (
            "{partner} indhenter som dagtilbud selv børneattest for sine ansatte og bekræfter, "
            "at det er sket for de medarbejdere, der deltager i samarbejdet. Biblioteket "
            "indhenter børneattest for sine egne ansatte og frivillige, der arbejder med "
            "børnene.\n\n"
            "Når børnene er på biblioteket, har dagtilbuddets personale ansvaret for og "
            "tilsynet med børnene."
        ),
    },
}

RIGHTS = {
    "key": "rettigheder",
    "title": "Rettigheder og synlighed",
    "guidance": (
        "Må I nævne hinanden, bruge logoer og billeder? Billeder af borgere kræver samtykke fra "
        "de afbildede (for børn under 15: forældrene)."
    ),
    "text": (
        "Begge parter må fortælle om samarbejdet og nævne den anden part som "
        "samarbejdspartner, fx på hjemmesider, i programmer og på sociale medier. Logoer "
        "bruges efter aftale med ejeren.\n\n"
        "Billeder og video, hvor borgere kan genkendes, bruges kun med samtykke fra de "
        "afbildede – for børn under 15 år fra forældrene.\n\n"
        "Materialer, som en part har lavet, tilhører den part. Den anden part må bruge dem i "
        "samarbejdet."
    ),
    "variants": {
        "company": (
            "Biblioteket nævner {partner} som sponsor/samarbejdspartner [hvor, fx i programmet "
            "og på bibliotekets hjemmeside] med virksomhedens navn og logo. {partner} må "
            "fortælle, at virksomheden støtter samarbejdet, men ikke bruge bibliotekets navn "
            "eller logo i markedsføring af sine produkter.\n\n"
            "Billeder og video, hvor borgere kan genkendes, bruges kun med samtykke fra de "
            "afbildede – for børn under 15 år fra forældrene."
        ),
    },
}

EVALUATION = {
    "key": "evaluering",
    "title": "Evaluering",
    "guidance": "Hvordan ser I, om det lykkedes? Tal, fortællinger, deltagernes egne ord.",
    "text": (
        "Parterne evaluerer samarbejdet sammen senest {evaluation_date}. Vi ser på, om formålet "
        "er nået, hvor mange der deltog, hvad deltagerne siger, og hvad vi vil gøre anderledes."
        "\n\nBegge parter bidrager med det, de ved, fx deltagertal og tilbagemeldinger."
    ),
}

TERMINATION = {
    "key": "opsigelse",
    "title": "Misligholdelse og opsigelse",
    "guidance": "Varslet udfyldes fra trinnet 'Periode'. Tre måneder er det almindelige.",
    "text": (
        "Hver part kan opsige aftalen skriftligt med {notice_months} måneders varsel til "
        "udgangen af en måned.\n\n"
        "Overholder en part ikke aftalen i væsentlig grad, og retter parten ikke op på det "
        "senest 14 dage efter at have fået skriftlig besked, kan den anden part opsige aftalen "
        "med det samme."
    ),
}

DISPUTES = {
    "key": "tvister",
    "title": "Uenighed og tvister",
    "guidance": "Standardteksten passer i de fleste tilfælde.",
    "text": (
        "Er parterne uenige, taler kontaktpersonerne først sammen, og derefter parternes "
        "ledelser. Kan uenigheden ikke løses på den måde, afgøres den efter dansk ret ved "
        "bibliotekets hjemting."
    ),
    "variants": {
        "municipal": (
            "Er parterne uenige, taler kontaktpersonerne først sammen, og derefter parternes "
            "ledere. Kan uenigheden ikke løses på den måde, forelægges den for den fælles "
            "ledelse i kommunen, som træffer den endelige beslutning."
        ),
    },
}

SIGNATURES = {
    "key": "underskrifter",
    "title": "Underskrifter og bilag",
    "guidance": "List bilagene her, hvis der er nogen – de uploades i trinnet 'Bilag'.",
    "text": (
        "Aftalen underskrives elektronisk af {partner_signatory} for {partner} og af en leder "
        "for {library}. Begge parter kan hente den underskrevne aftale som PDF.\n\n"
        "Bilag, der er vedhæftet aftalen, er en del af aftalen."
    ),
}

# --- The lighter models -----------------------------------------------------------------------

INTENT_NOT_BINDING = {
    "key": "ikke-bindende",
    "title": "Ikke juridisk bindende",
    "guidance": "Afsnittet skal med: det er det, der gør erklæringen til en hensigtserklæring.",
    "text": (
        "Denne hensigtserklæring er ikke juridisk bindende. Den beskriver, hvad parterne har til "
        "hensigt at gøre sammen, så vi har en fælles forståelse at arbejde ud fra. Ingen af "
        "parterne kan kræve noget af den anden på grundlag af erklæringen, og begge kan trække "
        "sig, når som helst.\n\n"
        "Beslutter vi at gøre samarbejdet mere forpligtende, laver vi en samarbejdsaftale."
    ),
}

INTENT_CONTENT = {
    "key": "hensigt",
    "title": "Det vil vi gøre sammen",
    "guidance": "Kort og konkret: hvad vil I prøve af, og hvad håber I at opnå?",
    "text": (
        "{library} og {partner} har til hensigt at samarbejde om {title}.\n\n"
        "Vi vil [beskriv, hvad I vil prøve af sammen], fordi [hvad I håber at opnå for "
        "borgerne]."
    ),
}

INTENT_NEXT = {
    "key": "naeste-skridt",
    "title": "Kontakt og næste skridt",
    "guidance": "Hvem holder tråden, og hvornår ser I på det igen?",
    "text": (
        "Bibliotekets kontaktperson er {owner}, og {partner}s kontaktperson er "
        "{partner_signatory}.\n\n"
        "Erklæringen gælder fra {start_date}. Vi mødes senest {evaluation_date} og ser på, "
        "hvordan det går, og om vi skal fortsætte."
    ),
}

INTENT_SIGNATURES = {
    "key": "underskrifter",
    "title": "Underskrifter",
    "guidance": "",
    "text": (
        "Erklæringen underskrives elektronisk af {partner_signatory} for {partner} og af en "
        "leder for {library}."
    ),
}

EVENT_DESCRIPTION = {
    "key": "arrangement",
    "title": "Arrangementet",
    "guidance": (
        "Hvad, hvornår og hvor. Sæt arrangementets dato som både start- og slutdato i trinnet "
        "'Periode', og knyt aktiviteten til aftalen."
    ),
    "text": (
        "{library} og {partner} holder sammen arrangementet {title}.\n\n"
        "Tid: {start_date}, kl. [fra]-[til].\n"
        "Sted: [fx Tårnby Hovedbibliotek, salen].\n"
        "Indhold: [kort beskrivelse af arrangementet].\n"
        "Forventet antal deltagere: [antal]."
    ),
}

EVENT_ECONOMY = {
    "key": "oekonomi",
    "title": "Honorar og udgifter",
    "guidance": "Honorar, kørsel, materialer: skriv beløb og hvem der betaler.",
    "text": (
        "[Beskriv honorar og udgifter, fx: Biblioteket betaler et honorar på [beløb] kr. inkl. "
        "moms mod faktura efter arrangementet.] Hver part betaler ellers selv sine udgifter."
    ),
    "variants": {
        "company": (
            "{partner} deltager uden honorar og betaler selv sine udgifter. Arrangementet er "
            "ikke et salgsarrangement: {partner} sælger ikke og reklamerer ikke for sine "
            "produkter under arrangementet."
        ),
        "municipal": (
            "Der sendes ikke fakturaer mellem kommunens enheder. [Beskriv eventuelle udgifter, "
            "og hvilket budget de hører til.]"
        ),
        "association": (
            "Arrangementet er gratis for deltagerne. [Beskriv eventuelle udgifter og hvem der "
            "betaler, fx at biblioteket betaler kaffe og materialer.]"
        ),
    },
}

EVENT_PRACTICAL = {
    "key": "praktisk",
    "title": "Lokaler, udstyr og praktisk",
    "guidance": "Opstilling, teknik, nøgler, oprydning.",
    "text": (
        "{library} stiller [lokale] og [udstyr, fx projektor og højttaler] til rådighed og "
        "sørger for opstilling. [Part] rydder op efter arrangementet.\n\n"
        "Hver part er forsikret for sine egne ansatte, frivillige og sit eget udstyr."
    ),
}

EVENT_PUBLICITY = {
    "key": "markedsfoering",
    "title": "Markedsføring og synlighed",
    "guidance": "Hvem skriver teksten til kalenderen, og hvem laver plakater?",
    "text": (
        "Arrangementet vises i bibliotekets kalender med begge parters navne. [Part] skriver "
        "teksten senest [dato]. Begge parter må fortælle om arrangementet.\n\n"
        "Billeder og video, hvor deltagere kan genkendes, bruges kun med deres samtykke – for "
        "børn under 15 år forældrenes."
    ),
}

EVENT_REGISTRATION = {
    "key": "tilmelding",
    "title": "Tilmelding og persondata",
    "guidance": (
        "Tager partneren imod tilmeldinger på bibliotekets vegne, er partneren databehandler: "
        "så skal der en databehandleraftale med som bilag."
    ),
    "required": False,
    "text": (
        "[Ingen tilmelding / Tilmelding sker gennem bibliotekets hjemmeside.] Biblioteket er "
        "dataansvarlig for tilmeldingerne og sletter dem senest [antal] dage efter "
        "arrangementet."
    ),
}

EVENT_CANCELLATION = {
    "key": "aflysning",
    "title": "Aflysning",
    "guidance": "",
    "text": (
        "Må en part aflyse, giver den anden part besked hurtigst muligt. Aflyses arrangementet "
        "senere end [fx 7 dage] før, betaler den part, der aflyser, de udgifter, den anden part "
        "allerede har haft. Sygdom og andre forhold, som parten ikke er herre over, er en "
        "gyldig grund til at aflyse uden at betale."
    ),
}

EVENT_SIGNATURES = {
    "key": "underskrifter",
    "title": "Underskrifter",
    "guidance": "",
    "text": (
        "Aftalen underskrives elektronisk af {partner_signatory} for {partner} og af en leder "
        "for {library}."
    ),
}

ROOMS_WHAT = {
    "key": "lokaler",
    "title": "Lokaler og tider",
    "guidance": "Hvilke lokaler, hvilke dage og tider, og hvad må lokalet bruges til.",
    "text": (
        "{library} stiller [lokale, fx mødelokale 1 på Tårnby Hovedbibliotek] til rådighed for "
        "{partner} [dage og tider, fx tirsdage kl. 17-21].\n\n"
        "Lokalet må bruges til [formål, fx foreningens møder og åbne arrangementer]. Det må "
        "ikke bruges til salg, politisk agitation eller religiøs forkyndelse."
    ),
}

ROOMS_ACCESS = {
    "key": "adgang",
    "title": "Adgang, nøgler og regler",
    "guidance": "Nøgler/adgangskort, alarm, husregler, tilgængelighed.",
    "text": (
        "{partner} får [antal] adgangskort, som udleveres mod kvittering og afleveres, når "
        "aftalen ophører. {partner} udpeger en ansvarlig person, der er til stede, når "
        "lokalet bruges, og som sørger for, at bibliotekets husregler overholdes, at der er "
        "låst og at alarmen er slået til.\n\n"
        "Åbne arrangementer i lokalet er åbne for alle borgere på lige vilkår."
    ),
}

ROOMS_PRICE = {
    "key": "pris",
    "title": "Pris",
    "guidance": "Mange biblioteker låner gratis ud til foreninger; skriv det i så fald.",
    "text": "Lokalerne stilles gratis til rådighed.",
    "variants": {
        "company": (
            "{partner} betaler [beløb] kr. ekskl. moms pr. [gang / måned] for brugen af "
            "lokalerne. Biblioteket sender faktura [hver måned / hvert kvartal] med 30 dages "
            "betalingsfrist."
        ),
        "municipal": (
            "Lokalerne stilles til rådighed uden betaling. Der sendes ikke fakturaer mellem "
            "kommunens enheder."
        ),
    },
}

ROOMS_CARE = {
    "key": "stand-og-skader",
    "title": "Rengøring, skader og forsikring",
    "guidance": "",
    "text": (
        "{partner} rydder op efter sig og efterlader lokalet, som det blev modtaget. Skader "
        "meldes straks til biblioteket. {partner} betaler for skader, som deltagerne forvolder "
        "ved uforsvarlig adfærd.\n\n"
        "{partner} er selv forsikret for sine deltagere og sit eget udstyr. Biblioteket er ikke "
        "ansvarlig for ting, der opbevares i lokalet."
    ),
}

ROOMS_PERIOD = {
    "key": "periode",
    "title": "Periode og opsigelse",
    "guidance": "",
    "text": (
        "Aftalen gælder fra {start_date} til {end_date}. Hver part kan opsige den skriftligt "
        "med {notice_months} måneders varsel. Biblioteket kan aflyse en enkelt gang med mindst "
        "14 dages varsel, hvis lokalet skal bruges til andet."
    ),
}

ROOMS_SIGNATURES = {
    "key": "underskrifter",
    "title": "Underskrifter",
    "guidance": "",
    "text": (
        "Aftalen underskrives elektronisk af {partner_signatory} for {partner} og af en leder "
        "for {library}."
    ),
}

MODELS = [
    {
        "kind": "intent",
        "name": "Hensigtserklæring",
        "binding": False,
        "description": (
            "Når I vil afprøve et samarbejde og skrive ned, hvad I har tænkt jer, uden at "
            "forpligte hinanden. Ikke juridisk bindende."
        ),
        "sections": [PARTIES, INTENT_CONTENT, INTENT_NEXT, INTENT_NOT_BINDING, INTENT_SIGNATURES],
    },
    {
        "kind": "standard",
        "name": "Samarbejdsaftale",
        "binding": True,
        "description": (
            "Et samarbejde over tid med fælles forventninger til indhold, omfang og "
            "ansvarsfordeling – fx når der er penge, persondata eller børn involveret."
        ),
        "sections": [
            PARTIES,
            BACKGROUND,
            TARGET_GROUP,
            CONTENT,
            ROLES,
            PERIOD,
            ECONOMY,
            ROOMS,
            COMMUNICATION,
            PERSONAL_DATA,
            CHILD_CERTIFICATE,
            RIGHTS,
            EVALUATION,
            TERMINATION,
            DISPUTES,
            SIGNATURES,
        ],
    },
    {
        "kind": "event",
        "name": "Arrangementsaftale",
        "binding": True,
        "description": "Ét arrangement sammen med en partner: hvem gør hvad, og hvem betaler.",
        "sections": [
            PARTIES,
            EVENT_DESCRIPTION,
            ROLES,
            EVENT_ECONOMY,
            EVENT_PRACTICAL,
            EVENT_PUBLICITY,
            EVENT_REGISTRATION,
            CHILD_CERTIFICATE,
            EVENT_CANCELLATION,
            EVENT_SIGNATURES,
        ],
    },
    {
        "kind": "rooms",
        "name": "Lokaleaftale",
        "binding": True,
        "description": "En partner låner eller lejer bibliotekets lokaler fast.",
        "sections": [
            PARTIES,
            ROOMS_WHAT,
            ROOMS_ACCESS,
            ROOMS_PRICE,
            ROOMS_CARE,
            ROOMS_PERIOD,
            ROOMS_SIGNATURES,
        ],
    },
]


def create_agreement_templates(apps, schema_editor):
    AgreementTemplate = apps.get_model("partnerships", "AgreementTemplate")
    AgreementTemplateVersion = apps.get_model("partnerships", "AgreementTemplateVersion")
    TemplateSection = apps.get_model("partnerships", "TemplateSection")
    SectionVariant = apps.get_model("partnerships", "SectionVariant")
    for model in MODELS:
        template, _created = AgreementTemplate.objects.get_or_create(
            kind=model["kind"],
            defaults={
                "name": model["name"],
                "binding": model["binding"],
                "description": model["description"],
            },
        )
        # Idempotent: tests on a flushed database call this again (tests/conftest.py).
        if template.versions.exists():
            continue
        version = AgreementTemplateVersion.objects.create(
            template=template,
            number=1,
            change_note="Første version",
            published_at=timezone.now(),
        )
        for order, section in enumerate(model["sections"], start=1):
            row = TemplateSection.objects.create(
                version=version,
                order=order,
                key=section["key"],
                title=section["title"],
                guidance=section["guidance"],
                default_text=section["text"],
                required=section.get("required", True),
            )
            SectionVariant.objects.bulk_create(
                SectionVariant(section=row, partner_kind=kind, text=text)
                for kind, text in section.get("variants", {}).items()
            )


def remove_agreement_templates(apps, schema_editor):
    apps.get_model("partnerships", "AgreementTemplate").objects.filter(
        kind__in=[model["kind"] for model in MODELS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0001_initial")]

    operations = [migrations.RunPython(create_agreement_templates, remove_agreement_templates)]
