-- Figures derived once at build (core/store/vergelijkingen.py runs this after every ingest step).
-- Read by core/tellen: the wijkfoto, trends, values per wijk, the key figures, the sources page.
-- Parameters arrive as variables: actuele_indeling, breuken_csv, drempel_procentpunt, drempel_relatief,
-- referentie_aantal, referentie_minimum, profiel_leeftijd/_groep/_jaar, profiel_inkomen/_groep/_jaar.
-- Documented in docs/schema.md.

-- Method and context breaks as declared in core/catalog/breuken.csv.
CREATE TABLE breuken AS
SELECT bron, indicator, CAST(jaar AS INTEGER) AS jaar, soort, uitleg
FROM read_csv(getvariable('breuken_csv'), all_varchar = true, header = true);

-- A DuckDB copy of core.tellen.wijkfoto.verschil/oordeel (a test holds the two to the same answers).
CREATE TEMP MACRO verschil(waarde, ander, eenheid) AS
    CASE WHEN waarde IS NULL OR ander IS NULL OR isnan(waarde) OR isnan(ander) THEN 0
         WHEN abs(waarde - ander) < (CASE WHEN eenheid = '%' THEN getvariable('drempel_procentpunt')
                                          ELSE abs(ander) * getvariable('drempel_relatief') END) THEN 0
         WHEN waarde - ander > 0 THEN 1 ELSE -1 END;

CREATE TEMP MACRO oordeel(waarde, ander, eenheid, richting) AS
    CASE WHEN waarde IS NULL OR ander IS NULL OR isnan(waarde) OR isnan(ander) THEN 'onbekend'
         WHEN verschil(waarde, ander, eenheid) = 0 THEN 'gelijk'
         WHEN richting = 'neutraal' THEN CASE WHEN verschil(waarde, ander, eenheid) > 0 THEN 'hoger' ELSE 'lager' END
         WHEN (verschil(waarde, ander, eenheid) > 0) = (richting = 'hoger_beter') THEN 'beter'
         ELSE 'slechter' END;

-- Each code as it is now: the row of its newest indeling (as the trend always joined it).
CREATE TEMP TABLE regio_nu AS
SELECT DISTINCT ON (code) code, niveau, gemeentecode, indeling, indeling_gewijzigd
FROM regios ORDER BY code, indeling DESC;

-- The reference group: per current wijk the most similar wijken in share of 65+ and 'moeite met
-- rondkomen', both z-scored over every wijk that has both (population standard deviation, 1 when 0).
CREATE TABLE referentiegroepen AS
WITH profiel AS (
    SELECT r.code AS wijk,
           max(w.waarde) FILTER (WHERE w.indicator = getvariable('profiel_leeftijd')
                                   AND w.leeftijdsgroep = getvariable('profiel_leeftijd_groep')
                                   AND w.jaar = getvariable('profiel_leeftijd_jaar')) AS leeftijd,
           max(w.waarde) FILTER (WHERE w.indicator = getvariable('profiel_inkomen')
                                   AND w.leeftijdsgroep = getvariable('profiel_inkomen_groep')
                                   AND w.jaar = getvariable('profiel_inkomen_jaar')) AS inkomen
    FROM regios r JOIN waarden w ON w.regio = r.code
    WHERE r.niveau = 'wijk' AND r.indeling = getvariable('actuele_indeling') AND NOT r.indeling_gewijzigd
      AND w.indicator IN (getvariable('profiel_leeftijd'), getvariable('profiel_inkomen'))
    GROUP BY r.code
    HAVING leeftijd IS NOT NULL AND inkomen IS NOT NULL
), z AS (
    SELECT wijk,
           (leeftijd - avg(leeftijd) OVER ()) / coalesce(nullif(stddev_pop(leeftijd) OVER (), 0), 1) AS z_leeftijd,
           (inkomen - avg(inkomen) OVER ()) / coalesce(nullif(stddev_pop(inkomen) OVER (), 0), 1) AS z_inkomen
    FROM profiel
)
SELECT a.wijk, b.wijk AS referentie,
       sqrt((b.z_leeftijd - a.z_leeftijd) ** 2 + (b.z_inkomen - a.z_inkomen) ** 2) AS afstand,
       row_number() OVER (PARTITION BY a.wijk ORDER BY afstand, b.wijk) AS rang
FROM z a JOIN z b ON b.wijk <> a.wijk
QUALIFY rang <= getvariable('referentie_aantal')
ORDER BY a.wijk, rang;

-- The wijk indelingen of every gemeente and whether their code set is that of the boundaries (2024): only then
-- may their figures be drawn on the 2024 polygons. Any indeling year in `regios` (RIVM's 2020, imported ones).
CREATE TABLE wijkindelingen AS
WITH sets AS (
    SELECT gemeentecode, indeling, list(code ORDER BY code) AS codes, count(*) AS wijken
    FROM regios WHERE niveau = 'wijk' GROUP BY ALL
)
SELECT s.gemeentecode, s.indeling, s.wijken, coalesce(s.codes = g.codes, false) AS op_grenzen
FROM sets s LEFT JOIN sets g ON g.gemeentecode = s.gemeentecode AND g.indeling = getvariable('actuele_indeling')
ORDER BY s.gemeentecode, s.indeling;

-- Every real figure of a land, gemeente or wijk on the region row of its own indeling (the newest row of the
-- code when that indeling has no rows of its own, e.g. ELAN's yearly codes). `wijkindeling`: the indeling whose
-- wijken show a wijk figure: the boundaries' one (2024) when the code sets agree, else the figure's own
-- (RIVM 2020 figures of a re-divided gemeente stay on the 2020 wijken). `koppelbaar`: may be joined to the
-- region's current code (always for land and gemeente).
CREATE TEMP TABLE cijfers AS
WITH geplaatst AS (
    SELECT w.*, coalesce(e.niveau, n.niveau) AS niveau, coalesce(e.gemeentecode, n.gemeentecode) AS gemeentecode,
           coalesce(e.indeling, n.indeling) AS regio_indeling
    FROM waarden w
    LEFT JOIN regios e ON e.code = w.regio AND e.indeling = w.indeling
    LEFT JOIN regio_nu n ON n.code = w.regio
    WHERE w.waarde IS NOT NULL
)
SELECT g.indicator, g.regio, g.jaar, g.leeftijdsgroep, g.waarde, g.marge_laag, g.marge_hoog, g.bron, g.indeling,
       g.niveau, g.gemeentecode, coalesce(nu.indeling_gewijzigd, false) AS indeling_gewijzigd,
       CASE WHEN g.niveau <> 'wijk' THEN NULL
            WHEN i.op_grenzen THEN getvariable('actuele_indeling') ELSE g.regio_indeling END AS wijkindeling,
       g.niveau <> 'wijk' OR wijkindeling = getvariable('actuele_indeling') AS koppelbaar
FROM geplaatst g
LEFT JOIN wijkindelingen i ON i.gemeentecode = g.gemeentecode AND i.indeling = g.regio_indeling
LEFT JOIN regio_nu nu ON nu.code = g.regio
WHERE g.niveau IN ('land', 'gemeente', 'wijk');

-- Median of the reference wijken's figures; NULL when fewer than the minimum have one.
CREATE TEMP TABLE referentie_medianen AS
SELECT g.wijk, c.indicator, c.leeftijdsgroep, c.jaar, median(c.waarde) AS waarde, count(*) AS aantal
FROM referentiegroepen g JOIN cijfers c ON c.regio = g.referentie AND c.koppelbaar
GROUP BY ALL
HAVING count(*) >= getvariable('referentie_minimum');

CREATE TABLE vergelijkingen AS
WITH breukjaren AS (
    SELECT i.id AS indicator, list(b.jaar) AS jaren
    FROM indicatoren i JOIN breuken b ON b.bron = i.bron AND b.indicator IN ('*', i.id)
    GROUP BY i.id
), reeks AS (
    SELECT c.*,
           lag(c.jaar) OVER serie AS vorig_jaar,
           lag(c.waarde) OVER serie AS vorige_waarde,
           first_value(c.jaar) OVER serie AS eerste_jaar,
           first_value(c.waarde) OVER serie AS eerste_waarde,
           row_number() OVER serie AS metingen
    FROM cijfers c
    WINDOW serie AS (PARTITION BY c.regio, c.wijkindeling, c.indicator, c.leeftijdsgroep ORDER BY c.jaar)
), vergeleken AS (
    SELECT s.*, i.eenheid, i.richting,
           CASE WHEN s.niveau = 'wijk' THEN g.waarde END AS gemeente_waarde,
           CASE WHEN s.niveau <> 'land' THEN n.waarde END AS nederland_waarde,
           m.waarde AS referentie_waarde,
           m.aantal AS referentie_aantal,
           coalesce(len(list_filter(b.jaren, lambda j: j > s.vorig_jaar AND j <= s.jaar)) > 0, false)
               AS breuk_sinds_vorige,
           coalesce(len(list_filter(b.jaren, lambda j: j > s.eerste_jaar AND j <= s.jaar)) > 0, false)
               AS breuk_sinds_eerste
    FROM reeks s
    JOIN indicatoren i ON i.id = s.indicator
    LEFT JOIN breukjaren b ON b.indicator = s.indicator
    LEFT JOIN cijfers g ON g.regio = s.gemeentecode AND g.indicator = s.indicator
         AND g.leeftijdsgroep = s.leeftijdsgroep AND g.jaar = s.jaar
    LEFT JOIN cijfers n ON n.regio = 'NL01' AND n.indicator = s.indicator
         AND n.leeftijdsgroep = s.leeftijdsgroep AND n.jaar = s.jaar
    LEFT JOIN referentie_medianen m ON m.wijk = s.regio AND s.koppelbaar AND m.indicator = s.indicator
         AND m.leeftijdsgroep = s.leeftijdsgroep AND m.jaar = s.jaar
), beoordeeld AS (
    SELECT *,
           CASE WHEN gemeente_waarde IS NOT NULL THEN 'gemeente'
                WHEN referentie_waarde IS NOT NULL THEN 'referentie'
                WHEN nederland_waarde IS NOT NULL THEN 'nederland' END AS vergeleken_met
    FROM vergeleken
)
SELECT indicator, regio, jaar, leeftijdsgroep, niveau, gemeentecode,
       waarde, marge_laag, marge_hoog, bron, indeling, wijkindeling, koppelbaar, indeling_gewijzigd,
       gemeente_waarde, nederland_waarde, referentie_waarde, referentie_aantal,
       vorig_jaar, vorige_waarde, eerste_jaar, eerste_waarde, CAST(metingen AS INTEGER) AS metingen,
       CASE vergeleken_met WHEN 'gemeente' THEN oordeel(waarde, gemeente_waarde, eenheid, richting)
                           WHEN 'referentie' THEN oordeel(waarde, referentie_waarde, eenheid, richting)
                           WHEN 'nederland' THEN oordeel(waarde, nederland_waarde, eenheid, richting)
                           ELSE 'onbekend' END AS oordeel,
       vergeleken_met,
       CASE WHEN metingen > 1 THEN oordeel(waarde, eerste_waarde, eenheid, richting) END AS trend,
       breuk_sinds_vorige, breuk_sinds_eerste
FROM beoordeeld
ORDER BY regio, indicator, leeftijdsgroep, wijkindeling, jaar;

-- Counts per source for the Bronnen page (non-missing figures of every level, buurten included).
CREATE TABLE bron_tellingen AS
SELECT b.id AS bron, count(w.waarde) AS waarden
FROM bronnen b LEFT JOIN waarden w ON w.bron = b.id
GROUP BY b.id ORDER BY b.id;
