from django.db import migrations

# Frozen copies: the index and the first fill of every article's search document (PostgreSQL only).
CREATE_INDEX = (
    "CREATE INDEX IF NOT EXISTS article_search_vector_gin ON articles_article USING gin (search_vector)"
)
DROP_INDEX = "DROP INDEX IF EXISTS article_search_vector_gin"
FILL = """
UPDATE articles_article AS a SET search_vector =
    setweight(to_tsvector('english', coalesce(a.headline, '')), 'A')
    || setweight(to_tsvector('english', coalesce(a.dek, '')), 'B')
    || setweight(to_tsvector('english', coalesce(a.body, '')), 'C')
    || setweight(to_tsvector('english', concat_ws(' ',
        (SELECT string_agg(t.name, ' ') FROM articles_taggedarticle ta
            JOIN taggit_tag t ON t.id = ta.tag_id WHERE ta.content_object_id = a.id),
        (SELECT string_agg(au.name, ' ') FROM articles_byline b
            JOIN accounts_author au ON au.id = b.author_id WHERE b.article_id = a.id))), 'D')
"""


def on_postgresql(*statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_readers_and_robots"),
        ("accounts", "0003_editors_publish"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(on_postgresql(CREATE_INDEX, FILL), on_postgresql(DROP_INDEX))]
