from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_part(context, part):
    """Render a municipalities.pages.PagePart in place: its template, its context over the page's."""
    part_template = context.template.engine.get_template(part.template)
    with context.push(part.context):
        return part_template.render(context)
