-- The dates on which some partner's role towards OpenAI changed (the choices for the role matrix's "as of").
SELECT DISTINCT as_of FROM partner_roles ORDER BY as_of
