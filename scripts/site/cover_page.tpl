{#- Title page of the PDF (mkdocs-print-site-plugin's add_cover_page). The data- attributes carry
    the book's metadata to scripts/site/pdf.py: the PDF's title, author and subject, and the
    published site that links into the site are made absolute to. The plugin's template
    environment does not escape, so every value is escaped here. -#}
<div class="xent-cover"
     data-title="{{ config.site_name | e }}"
     data-author="{{ (config.site_author or config.copyright or '') | e }}"
     data-subject="{{ (config.site_description or '') | e }}"
     data-site="{{ (config.site_url or '') | e }}">
  <p class="xent-cover__title">{{ config.site_name | e }}</p>
  {% if config.site_description %}
    <p class="xent-cover__description">{{ config.site_description | e }}</p>
  {% endif %}
  {% if config.site_author %}
    <p class="xent-cover__author">{{ config.site_author | e }}</p>
  {% endif %}
  <p class="xent-cover__note">
    Printed from the website. Every number in it is printed by code that the project's tests run,
    and every figure is drawn by the build.
  </p>
  {% if config.copyright %}
    <p class="xent-cover__copyright">{{ config.copyright | e }}</p>
  {% endif %}
</div>
