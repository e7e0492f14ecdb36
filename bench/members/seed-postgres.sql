-- Seeds :n members into chain :chain, with their search terms, as add-user would have written them.
-- psql -v chain=1 -v n=1000000 -f seed-postgres.sql
\set ON_ERROR_STOP on
BEGIN;
WITH names AS (
    SELECT g,
        (ARRAY['John','Jane','Piet','Anna','Mohammed','Sofia','Lucas','Emma','Noah','Mila','Daan','Julia','Sem','Tess','Finn',
               'Sara','Levi','Zoe','Liam','Nora','Bram','Eva','Luuk','Lisa','Milan','Fleur','Jesse','Sanne','Thijs','Roos'])[1 + g % 30] AS first_name,
        (ARRAY['van','de','jan','bak','ker','mul','smit','berg','dijk','vis','meer','bos','hoek','brink','kamp','veld','wijk',
               'horst','haan','stra','man','sen','hof','beek','laan','dam','hout','riet','zand','burg'])[1 + (g / 30) % 30]
        || (ARRAY['ster','sma','ling','ing','ers','mans','stra','dijk','berg','hof','veld','kamp','man','sen','beek','huis',
               'meijer','boer','smid','vos','wit','groot','klein','jong','oud','kok','bakker','visser','mulder','smit'])[1 + (g / 900) % 30]
        AS last_name
    FROM generate_series(1, :n) AS g
)
INSERT INTO users (is_admin, chain_id, username_scope, username, username_normalized, first_name, last_name, gender,
    member_number, member_number_custom, mailing_list_sub_offered, mailing_list_subscribed, printed_mailing_list_subscribed,
    programme_opted_in, join_date, registered, is_employee, obfuscated, referral_code, country_code, created_at, updated_at)
SELECT false, :chain, :chain,
    lower(first_name) || '.' || lower(last_name) || '.' || g || '@bench.example',
    lower(first_name) || '.' || lower(last_name) || '.' || g || '@bench.example',
    first_name, last_name, CASE WHEN g % 2 = 0 THEN 'F' ELSE 'M' END,
    (10000000 + g)::text, true, false, g % 2 = 0, false,
    g % 3 <> 0, now() - (g % 1000) * interval '1 day', true, false, false,
    'c' || :chain || 'x' || to_hex(g), 'NL', now() - (g % 1000) * interval '1 day', now()
FROM names;

INSERT INTO member_search_terms (chain_id, user_id, term)
SELECT :chain, id, t FROM users
CROSS JOIN LATERAL (VALUES (lower(first_name)), (lower(last_name)), (username_normalized),
                           (split_part(username_normalized, '@', 1)), (member_number)) AS terms(t)
WHERE chain_id = :chain AND NOT is_admin AND username_normalized LIKE '%@bench.example';
COMMIT;
ANALYZE users;
ANALYZE member_search_terms;
