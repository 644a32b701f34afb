{#- Title page of the PDF (mkdocs-print-site-plugin's add_cover_page). -#}
<div class="xent-cover">
  <p class="xent-cover__title">{{ config.site_name }}</p>
  {% if config.site_description %}
    <p class="xent-cover__description">{{ config.site_description }}</p>
  {% endif %}
  <p class="xent-cover__note">
    Printed from the website. Every number in it is printed by code that the project's tests run,
    and every figure is drawn by the build.
  </p>
  {% if config.copyright %}
    <p class="xent-cover__copyright">{{ config.copyright }}</p>
  {% endif %}
</div>
