"""How tests/data/kader2/verhalen_buurtkracht.csv was written (run once, output committed):

    .venv/bin/python tests/data/kader2/make_kader2.py

Thirty made-up stories for the second framework (kader_buurtkracht.json), saved as Excel in Dutch saves a
CSV: cp1252, `;` between columns, CRLF, decimal comma. Triad `steun` holds fractions, triad `bereik`
percentages; `plekken` is a multi-select with `|`; consent is ja/nee; two stories leave both triads empty.
"""
import csv
import io
from pathlib import Path

K = ["nr", "kop", "verhaal", "wijk", "jaar", "mag_delen", "gevoel", "steun_buren", "steun_familie",
     "steun_organisaties", "bereik_mijzelf_pct", "bereik_straat_pct", "bereik_wijk_pct", "thuis", "veilig", "plekken"]
# (kop, verhaal, wijk, jaar, mag, gevoel, steun, bereik, thuis, veilig, plekken)
S = [
 ("Koffie in het buurthuis", "Elke dinsdag drink ik koffie in het buurthuis. Eerst kende ik niemand, nu zeg ik iedereen gedag op straat. Dat is een groot verschil met vorig jaar.", "WK054603", 2023, "ja", 82, "0,6;0,1;0,3", "50;30;20", 80, 70, "buurthuis"),
 ("Ideeën voor het speelveld", "Met een paar ouders hebben we ideeën verzameld voor het speelveld. De gemeente luisterde en in het voorjaar kwamen er nieuwe toestellen.", "WK054603", 2023, "ja", 75, "0,5;0,1;0,4", "10;40;50", 72, 65, "park|school"),
 ("Te laat geholpen", "Mijn buurvrouw viel in de badkamer. De hulp kwam pas na een uur. Gelukkig hoorde ik haar roepen.", "WK054603", 2024, "ja", 20, "0,7;0,2;0,1", "60;40;0", 55, 40, "straat"),
 ("Café op de hoek", "Het café op de hoek is dicht. Daar zag je elkaar altijd. Nu is er geen plek meer waar je zomaar binnenloopt.", "WK054603", 2024, "ja", 30, "", "", 50, 60, "winkel|straat"),
 ("Een coördinator die belt", "De coördinator van de vrijwilligers belt me elke week. Ze vraagt hoe het gaat en of ik nog iets nodig heb.", "WK054603", 2023, "ja", 88, "0,1;0,1;0,8", "90;5;5", 85, 80, "online"),
 ("Fietsen na de winter", "Na de winter ging ik met een groepje buurtgenoten weer fietsen. We rijden elke vrijdag een rondje langs het water.", "WK054603", 2024, "ja", 70, "0,8;0;0,2", "40;40;20", 78, 75, "park|straat"),
 ("Zwerfvuil bij de school", "Bij de school ligt veel zwerfvuil. We hebben met de klas een ochtend opgeruimd, maar een week later lag het er weer.", "WK054603", 2024, "nee", 35, "0,3;0,1;0,6", "0;30;70", 60, 55, "school|straat"),
 ("Samen koken", "In het buurthuis koken we één keer per maand samen. Iedereen neemt een recept mee uit zijn eigen land.", "WK054603", 2023, "ja", 90, "0,5;0;0,5", "30;20;50", 88, 70, "buurthuis"),
 ("Geen plek om te praten", "Ik ben mantelzorger voor mijn moeder. Er is geen plek in de wijk waar ik eens rustig kan praten over hoe zwaar het is.", "WK054603", 2024, "ja", 25, "0,1;0,7;0,2", "80;10;10", 45, 60, ""),
 ("Boodschappen voor de buren", "Sinds de operatie van mijn buurman doe ik zijn boodschappen. Hij kookt op zondag voor ons allebei.", "WK054603", 2023, "ja", 80, "0,9;0,1;0", "50;50;0", 82, 78, "winkel"),
 ("De brug is eindelijk open", "Twee jaar konden we niet over de brug. Nu is hij open en kan ik weer lopend naar de markt.", "WK054608", 2023, "ja", 77, "0;0;1", "20;30;50", 70, 72, "straat"),
 ("Eenzaam na de verhuizing", "Na de verhuizing kende ik niemand. Pas na een half jaar durfde ik naar de inloop te gaan. Daar voelde ik me welkom.", "WK054608", 2024, "ja", 60, "0,2;0,1;0,7", "85;10;5", 58, 66, "buurthuis"),
 ("Jongeren in het park", "Jongeren hangen 's avonds in het park. Sommige bewoners zijn bang, maar eigenlijk zijn het gewoon jongens uit de buurt.", "WK054608", 2024, "ja", 45, "0,4;0,2;0,4", "20;50;30", 62, 38, "park"),
 ("Hulp met formulieren", "Een vrijwilliger helpt me met de formulieren van de belasting. Zonder haar had ik een boete gekregen.", "WK054608", 2023, "ja", 85, "0,1;0,2;0,7", "95;5;0", 70, 75, "buurthuis|online"),
 ("Straatfeest", "Ons straatfeest was een succes. Zelfs de buren die nooit iets zeggen kwamen een stuk taart eten.", "WK054608", 2023, "ja", 92, "1;0;0", "10;80;10", 90, 85, "straat"),
 ("Geen lift meer", "De lift in onze flat is al weken kapot. Mijn buurvrouw van 80 komt haar huis niet meer uit.", "WK054608", 2024, "nee", 10, "0,6;0,3;0,1", "30;60;10", 40, 50, ""),
 ("Taalcafé", "In het taalcafé oefen ik Nederlands. Ik begrijp nu de brief van de school van mijn dochter.", "WK054608", 2024, "ja", 80, "0,2;0,1;0,7", "70;10;20", 68, 70, "buurthuis|school"),
 ("Zonnepanelen met de straat", "Met tien huizen hebben we samen zonnepanelen gekocht. Een financiële adviseur van de gemeente hielp ons op weg.", "WK054608", 2023, "ja", 74, "0,5;0;0,5", "33,3;33,3;33,4", 76, 74, "straat|online"),
 ("Wachten op de huisarts", "Ik moest drie weken wachten op de huisarts. In die tijd hielp mijn zoon me met alles.", "WK054701", 2024, "ja", 28, "0;0,8;0,2", "90;5;5", 60, 70, ""),
 ("Moestuin achter de school", "Achter de school is nu een moestuin. Kinderen en ouderen werken er samen; ik heb er vrienden gemaakt.", "WK054701", 2023, "ja", 86, "0,4;0,1;0,5", "30;30;40", 84, 80, "school|park"),
 ("Donker fietspad", "Het fietspad langs de sloot is 's avonds donker. Ik fiets liever om, ook al duurt dat tien minuten langer.", "WK054701", 2024, "ja", 30, "", "", 65, 30, "straat"),
 ("Buurtapp", "Via de buurtapp vond ik iemand die mijn kat kon voeren toen ik in het ziekenhuis lag.", "WK054701", 2024, "ja", 78, "0,9;0;0,1", "80;20;0", 72, 70, "online"),
 ("Privé en toch samen", "Ik hou van mijn privé-leven, maar de zomeravonden op het pleintje met de buren wil ik niet missen.", "WK054701", 2023, "ja", 70, "0,7;0,1;0,2", "40;50;10", 80, 78, "straat|park"),
 ("Kinderopvang vol", "De kinderopvang zit vol. Mijn moeder past nu drie dagen op; dat is eigenlijk te veel voor haar.", "WK054701", 2024, "nee", 35, "0;0,9;0,1", "70;20;10", 66, 72, ""),
 ("Nieuwe bankjes", "Er staan nieuwe bankjes bij de winkels. Oudere mensen zitten er graag even uit te rusten na de boodschappen.", "WK054701", 2023, "ja", 72, "0,1;0;0,9", "20;30;50", 74, 70, "winkel|straat"),
 ("Huiswerkklas", "Mijn zoon gaat naar de huiswerkklas in het buurthuis. Zijn cijfers zijn beter en hij heeft meer zin in school.", "WK054609", 2024, "ja", 84, "0,2;0,3;0,5", "60;10;30", 76, 74, "buurthuis|school"),
 ("Overlast van scooters", "Scooters rijden te hard door de straat. We hebben het gemeld, maar er is nog niets veranderd.", "WK054609", 2024, "ja", 22, "0,5;0;0,5", "10;70;20", 55, 35, "straat"),
 ("Wandelgroep", "Met de wandelgroep lopen we elke woensdag door het park. Daarna drinken we thee bij iemand thuis.", "WK054609", 2023, "ja", 83, "0,8;0,1;0,1", "50;20;30", 82, 80, "park"),
 ("Geen bus meer op zondag", "Op zondag rijdt de bus niet meer. Ik kan dan niet naar mijn zus in de stad.", "WK054609", 2024, "ja", 25, "0;0,5;0,5", "90;0;10", 63, 70, ""),
 ("Repair café", "In het repair café maakte een vrijwilliger mijn oude radio. Hij vertelde er een heel verhaal bij; ik ging blij naar huis.", "WK054609", 2023, "ja", 88, "0,3;0;0,7", "60;20;20", 79, 76, "buurthuis|winkel"),
]
assert len(S) == 30
rows = []
for n, (kop, tekst, wijk, jaar, mag, gevoel, steun, bereik, thuis, veilig, plekken) in enumerate(S, 1):
    s = steun.split(";") if steun else ["", "", ""]
    b = bereik.split(";") if bereik else ["", "", ""]
    rows.append([f"BK{n:03d}", kop, tekst, wijk, jaar, mag, gevoel, *s, *b, thuis, veilig, plekken])
buf = io.StringIO()
w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
w.writerow(K); w.writerows(rows)
(Path(__file__).parent / "verhalen_buurtkracht.csv").write_bytes(buf.getvalue().encode("cp1252"))
