"""What can go wrong with guidance pages and templates."""

from portal.errors import DomainError


class ArticleNotFound(DomainError):
    message = "No such guidance page."


class ArticleExpired(DomainError):
    message = "This guidance has expired and is no longer available."


class SlugTaken(DomainError):
    message = "Another page has this slug."


class TemplateIdInUse(DomainError):
    message = "A template with this id exists already."


class TemplateNotFound(DomainError):
    message = "No such template."
