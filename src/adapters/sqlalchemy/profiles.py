"""Profile drafts in SQL, with explicit row<->domain mapping and an atomic version check."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Row, bindparam, delete, insert, or_, select
from sqlalchemy.exc import IntegrityError

from adapters.sqlalchemy.keyed_rows import OnConnection, insert_new, one, one_of, update_existing, update_versioned
from adapters.sqlalchemy.profile_details import detail_columns, detail_values
from adapters.sqlalchemy.tables.profiles import profile_roles, profiles, service_profiles
from adapters.sqlalchemy.unit_of_work import SqlAlchemyUnitOfWork
from core.profiles.commands import ListProfiles
from core.profiles.model import (
    ProfileDraft,
    ProfileFields,
    ProfileKind,
    ProfileStatus,
    Role,
    ServiceProfile,
)
from core.shared.errors import AlreadyExists, NotFound
from core.shared.money import Money


def _profile_row(profile: ProfileDraft) -> dict[str, Any]:
    return {
        "id": profile.id,
        "kind": profile.kind.value,
        "slug": profile.slug,
        "display_name": profile.fields.display_name,
        "headline": profile.fields.headline,
        "bio": profile.fields.bio,
        "city": profile.fields.city,
        "status": profile.status.value,
        "version": profile.version,
        "created_at": profile.created_at,
        "updated_at": profile.updated_at,
        "owner_user_id": profile.owner_user_id,
        **detail_columns(profile.fields),
    }


def _profile_from(row: Row[Any], roles: Iterable[str]) -> ProfileDraft:
    fields = ProfileFields(
        display_name=row.display_name,
        headline=row.headline,
        bio=row.bio,
        roles=tuple(sorted((Role(r) for r in roles), key=lambda r: r.value)),
        city=row.city,
        **detail_values(row),
    )
    return ProfileDraft(
        id=row.id,
        kind=ProfileKind(row.kind),
        slug=row.slug,
        fields=fields,
        status=ProfileStatus(row.status),
        version=row.version,
        created_at=row.created_at,
        updated_at=row.updated_at,
        owner_user_id=row.owner_user_id,
    )


def _service_from(row: Row[Any]) -> ServiceProfile:
    return ServiceProfile(
        id=row.id,
        profile_id=row.profile_id,
        role=Role(row.role) if row.role else None,
        title=row.title,
        hourly_rate=Money(row.hourly_rate_amount, row.currency),
        min_duration_minutes=row.min_duration_minutes,
        instant_book=row.instant_book,
        cancellation_policy=row.cancellation_policy,
    )


def _service_row(service: ServiceProfile) -> dict[str, Any]:
    return {
        "profile_id": service.profile_id,
        "role": service.role.value if service.role else None,
        "title": service.title,
        "hourly_rate_amount": service.hourly_rate.amount,
        "currency": service.hourly_rate.currency,
        "min_duration_minutes": service.min_duration_minutes,
        "instant_book": service.instant_book,
        "cancellation_policy": service.cancellation_policy,
    }


# A profile with its roles in one statement (a row per role, or one row with no role), built once.
_WITH_ROLES = select(profiles, profile_roles.c.role.label("role_held")).select_from(
    profiles.outerjoin(profile_roles, profile_roles.c.profile_id == profiles.c.id)
)
_WITH_ROLES_BY_ID = _WITH_ROLES.where(profiles.c.id == bindparam("key"))
_WITH_ROLES_BY_SLUG = _WITH_ROLES.where(profiles.c.slug == bindparam("key"))


class SqlAlchemyProfileDraftRepository(OnConnection):
    def _roles_of(self, ids: Sequence[str]) -> dict[str, list[str]]:
        found: dict[str, list[str]] = defaultdict(list)
        if ids:
            query = select(profile_roles).where(one_of(self._connection, profile_roles.c.profile_id, ids))
            for row in self._connection.execute(query):
                found[row.profile_id].append(row.role)
        return found

    def _write_roles(self, profile: ProfileDraft) -> None:
        self._connection.execute(delete(profile_roles).where(profile_roles.c.profile_id == profile.id))
        if profile.fields.roles:
            rows = [{"profile_id": profile.id, "role": r.value} for r in profile.fields.roles]
            self._connection.execute(insert(profile_roles), rows)

    def add(self, profile: ProfileDraft) -> None:
        values = _profile_row(profile)
        insert_new(self._connection, profiles, values, "profile", profile.id, lambda: self._taken(profile))
        self._write_roles(profile)

    def _taken(self, profile: ProfileDraft) -> AlreadyExists:
        taken_id = self._connection.execute(select(profiles.c.id).where(profiles.c.id == profile.id)).first()
        return AlreadyExists("profile", profile.id) if taken_id else AlreadyExists("profile slug", profile.slug)

    def _one(self, statement: Any, key: str) -> ProfileDraft:
        rows = self._connection.execute(statement, {"key": key}).all()
        if not rows:
            raise NotFound("profile", key)
        return _profile_from(rows[0], [row.role_held for row in rows if row.role_held is not None])

    def get(self, profile_id: str) -> ProfileDraft:
        return self._one(_WITH_ROLES_BY_ID, profile_id)

    def exists(self, profile_id: str) -> bool:
        return self._connection.execute(select(profiles.c.id).where(profiles.c.id == profile_id)).first() is not None

    def owner_of(self, profile_id: str) -> str | None:
        row = self._connection.execute(select(profiles.c.owner_user_id).where(profiles.c.id == profile_id)).first()
        if row is None:
            raise NotFound("profile", profile_id)
        return row.owner_user_id

    def get_by_slug(self, slug: str) -> ProfileDraft:
        return self._one(_WITH_ROLES_BY_SLUG, slug)

    def save(self, profile: ProfileDraft, expected_version: int) -> None:
        values = _profile_row(profile)
        del values["id"], values["created_at"]
        try:
            with self._connection.begin_nested():
                update_versioned(self._connection, profiles, "profile", profile.id, expected_version, values)
        except IntegrityError:
            raise AlreadyExists("profile slug", profile.slug) from None
        self._write_roles(profile)

    def page(self, query: ListProfiles) -> list[ProfileDraft]:
        statement = select(profiles).order_by(profiles.c.id).limit(query.limit)
        if query.after is not None:
            statement = statement.where(profiles.c.id > query.after)
        if query.city is not None:
            statement = statement.where(profiles.c.city == query.city)
        if query.role is not None:
            having_role = select(profile_roles.c.profile_id).where(profile_roles.c.role == query.role.value)
            statement = statement.where(profiles.c.id.in_(having_role))
        if query.published_only:
            shown = profiles.c.status == ProfileStatus.PUBLISHED.value
            if query.also_owned_by is not None:
                shown = or_(shown, profiles.c.owner_user_id == query.also_owned_by)
            statement = statement.where(shown)
        rows = self._connection.execute(statement).all()
        roles = self._roles_of([row.id for row in rows])
        return [_profile_from(row, roles[row.id]) for row in rows]

    def owned_by(self, user_id: str) -> list[ProfileDraft]:
        statement = select(profiles).where(profiles.c.owner_user_id == user_id).order_by(profiles.c.id)
        rows = self._connection.execute(statement).all()
        roles = self._roles_of([row.id for row in rows])
        return [_profile_from(row, roles[row.id]) for row in rows]

    def owner_ids(self) -> list[str]:
        owner = profiles.c.owner_user_id
        statement = select(owner).where(owner.is_not(None)).distinct().order_by(owner)
        return list(self._connection.execute(statement).scalars())

    def add_service(self, service: ServiceProfile) -> None:
        if not self.exists(service.profile_id):
            raise NotFound("profile", service.profile_id)
        values = {"id": service.id, **_service_row(service)}
        insert_new(self._connection, service_profiles, values, "service profile", service.id)

    def save_service(self, service: ServiceProfile) -> None:
        update_existing(self._connection, service_profiles, "service profile", service.id, _service_row(service))

    def get_service(self, service_id: str) -> ServiceProfile:
        return _service_from(one(self._connection, service_profiles, "service profile", service_id))

    def services_of(self, profile_id: str) -> list[ServiceProfile]:
        query = (
            select(service_profiles).where(service_profiles.c.profile_id == profile_id).order_by(service_profiles.c.id)
        )
        return [_service_from(row) for row in self._connection.execute(query)]

    def services_of_profiles(self, profile_ids: Sequence[str]) -> dict[str, list[ServiceProfile]]:
        found: dict[str, list[ServiceProfile]] = {profile_id: [] for profile_id in profile_ids}
        query = select(service_profiles).where(one_of(self._connection, service_profiles.c.profile_id, list(found)))
        for row in self._connection.execute(query.order_by(service_profiles.c.id)):
            found[row.profile_id].append(_service_from(row))
        return found


class SqlAlchemyProfilesUnitOfWork(SqlAlchemyUnitOfWork):
    """The profiles context's unit of work: profile drafts and idempotency records."""

    profiles: SqlAlchemyProfileDraftRepository

    def _bind(self, connection: Connection) -> None:
        super()._bind(connection)
        self.profiles = SqlAlchemyProfileDraftRepository(connection)
