"""What a privacy officer needs to know, in a few short Dutch paragraphs: what is shown to whom, the
minimum group rule, the masking of personal data, and where the data is stored. The Bronnen page shows
them; the README says the same in its Privacy section."""
from __future__ import annotations

from pathlib import Path

from core import formatting


def privacy_uitleg(k: int, regel_kleine_groepen: str, bestanden: dict[str, Path]) -> list[tuple[str, str]]:
    """[(heading, paragraph)] for the Bronnen page. k: the minimum group size; regel_kleine_groepen: the
    Dutch description of the rule against small groups and differencing, from the module that applies it;
    bestanden: the settings' paths of 'store', 'verhalen', 'werk' and 'zoekindex' (only their names are
    shown: a partner need not know the server's folders)."""
    namen = {soort: Path(pad).name for soort, pad in bestanden.items()}
    return [
        ("Wie ziet wat",
         "Medewerkers van de gemeente zien de openbare en de interne verhalen. Zij loggen in met het account "
         "van de gemeente of met een wachtwoord; zonder inloggen start de app alleen op de eigen computer "
         "(localhost). Partners gebruiken de partnerweergave, zonder inloggen. Zij zien alleen openbare "
         "verhalen, en uit het werkbestand (verhaalsets en het logboek) alleen wat een medewerker heeft "
         "gemarkeerd als 'delen met partners'. Hoeveel verhalen voor hen verborgen zijn, zien zij niet. "
         "Verhalen waarvoor de verteller geen toestemming gaf ('nee') ziet niemand: niet op een pagina, niet in "
         "zoekresultaten, niet in patronen en niet in downloads."),
        (f"Kleine groepen: minimaal {formatting.aantal(k, 'verhaal', 'verhalen')}",
         regel_kleine_groepen.removeprefix("Kleine groepen. ")),
        ("Persoonsgegevens in verhalen",
         "Bij het inlezen zoekt de app in titel en tekst van elk verhaal naar persoonsgegevens: namen, adressen "
         "en plaatsen, instellingen, datums, leeftijden, telefoonnummers, e-mailadressen, webadressen, BSN en "
         "andere nummers (met het programma deduce). Een verhaal waarin iets gevonden is, staat 'in controle': "
         "het is nergens te zien tot een medewerker het heeft nagekeken op de pagina Controle "
         "persoonsgegevens. Daar ziet de medewerker wat er gevonden is en de tekst met die delen vervangen "
         "(bijvoorbeeld [PERSOON-1]). Hij past de tekst zo nodig aan en geeft het verhaal vrij. Alle pagina's "
         "en downloads tonen daarna alleen de vrijgegeven tekst; de tekst zoals hij binnenkwam bewaart de app "
         "dan niet meer. Namen van gemeenten en wijken tellen niet als vondst: elk verhaal hoort bij een wijk."),
        ("Waar de gegevens staan",
         "Alles staat op de computer of server van de gemeente zelf; de app stuurt niets naar internet. Er zijn "
         f"drie bestanden: de cijfers ({namen['store']}, opnieuw te maken uit openbare bronnen), de "
         f"verhalen met hun kaders ({namen['verhalen']}) en het werkbestand met verhaalsets, sessies en "
         f"het logboek ({namen['werk']}). De zoekindex ({namen['zoekindex']}) is afgeleid van de "
         "verhalen en mag weg. De beheerder van de app kan zeggen in welke map ze staan."),
    ]
