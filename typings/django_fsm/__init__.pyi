# Stubs for django-fsm-2 4.2.4, made by mypy's stubgen from the package and its own
# annotations, with the aliases it defines under TYPE_CHECKING restored at the top.
# Why: the package imports `typing.override` in a try/except; checked as Python 3.11 (which
# has no typing.override) that decorator is Any, so `ConcurrentTransitionMixin.__init__` is
# too, and every model using the mixin (Filing, OfficeReview) becomes Any as a class:
# `Filing.objects` and every queryset read from it went unchecked. Compare with the package
# when upgrading it; delete this directory (and `mypy_path`) once the project runs on 3.12.
import typing

from _typeshed import Incomplete
from django.contrib.auth.models import AbstractUser, AnonymousUser, PermissionsMixin
from django.db import models
from typing_extensions import override

UserWithPermissions: typing.TypeAlias = AbstractUser | AnonymousUser | PermissionsMixin
_Field: typing.TypeAlias = models.Field[typing.Any, typing.Any]
CharField: typing.TypeAlias = models.CharField[str, str]
IntegerField: typing.TypeAlias = models.IntegerField[int, int]
ForeignKey: typing.TypeAlias = models.ForeignKey[typing.Any, typing.Any]
_FSMModel: typing.TypeAlias = models.Model
_StateValue: typing.TypeAlias = str | int | models.Choices
_Permission: typing.TypeAlias = str | typing.Callable[[_FSMModel, UserWithPermissions], bool]
_Condition: typing.TypeAlias = typing.Callable[[_FSMModel], bool]
_TransitionFunc: typing.TypeAlias = typing.Callable[..., _StateValue | typing.Any | None]

__all__ = [
    "GET_STATE",
    "RETURN_VALUE",
    "ConcurrentTransition",
    "ConcurrentTransitionMixin",
    "FSMField",
    "FSMFieldMixin",
    "FSMIntegerField",
    "FSMKeyField",
    "TransitionNotAllowed",
    "can_proceed",
    "has_transition_perm",
    "transition",
]

class TransitionNotAllowed(Exception):
    object: Incomplete
    method: Incomplete
    @override
    def __init__(self, *args: typing.Any, **kwargs: typing.Any) -> None: ...

class InvalidResultState(Exception): ...
class ConcurrentTransition(Exception): ...

class Transition:
    method: Incomplete
    source: Incomplete
    target: Incomplete
    on_error: Incomplete
    conditions: Incomplete
    permission: Incomplete
    custom: Incomplete
    def __init__(
        self,
        method: _TransitionFunc,
        source: _StateValue,
        target: _StateValue,
        on_error: _StateValue | None,
        conditions: list[_Condition] | None,
        permission: _Permission | None,
        custom: dict[str, typing.Any] | None,
    ) -> None: ...
    @property
    def name(self) -> str: ...
    @property
    def qualname(self) -> str: ...
    def has_perm(self, instance: _FSMModel, user: UserWithPermissions) -> bool: ...
    def __hash__(self) -> int: ...
    def __eq__(self, other: object) -> bool: ...

class FSMMeta:
    field: Incomplete
    transitions: dict[_StateValue, Transition]
    def __init__(self, field: FSMFieldMixin | str, method: bool) -> None: ...
    def get_transition(self, source: _StateValue) -> Transition | None: ...
    def add_transition(
        self,
        method: _TransitionFunc,
        source: _StateValue,
        target: _StateValue,
        on_error: _StateValue | None = None,
        conditions: list[_Condition] | None = None,
        permission: _Permission | None = None,
        custom: dict[str, typing.Any] | None = None,
    ) -> None: ...
    def has_transition(self, state: _StateValue) -> bool: ...
    def conditions_met(self, instance: _FSMModel, state: _StateValue) -> bool: ...
    def has_transition_perm(
        self, instance: _FSMModel, state: _StateValue, user: UserWithPermissions
    ) -> bool: ...
    def next_state(self, current_state: _StateValue) -> _StateValue: ...
    def exception_state(self, current_state: _StateValue) -> _StateValue | None: ...

class FSMFieldDescriptor:
    field: Incomplete
    def __init__(self, field: FSMFieldMixin) -> None: ...
    def __get__(self, instance: _FSMModel, type: typing.Any | None = None) -> typing.Any: ...
    def __set__(self, instance: _FSMModel, value: typing.Any) -> None: ...

class FSMFieldMixin(_Field):
    descriptor_class = FSMFieldDescriptor
    protected: Incomplete
    transitions: dict[type[_FSMModel], dict[str, typing.Any]]
    state_proxy: dict[_StateValue, str]
    @override
    def __init__(self, *args: typing.Any, **kwargs: typing.Any) -> None: ...
    @override
    def deconstruct(
        self,
    ) -> tuple[str, str, typing.Sequence[typing.Any], dict[str, typing.Any]]: ...
    def get_state(self, instance: _FSMModel) -> typing.Any: ...
    def set_state(self, instance: _FSMModel, state: _StateValue) -> None: ...
    def set_proxy(self, instance: _FSMModel, state: _StateValue) -> None: ...
    def change_state(
        self, instance: _FSMModel, method: typing.Any, *args: typing.Any, **kwargs: typing.Any
    ) -> typing.Any: ...
    def get_all_transitions(
        self, instance_cls: type[_FSMModel]
    ) -> typing.Generator[Transition]: ...
    base_cls: Incomplete
    @override
    def contribute_to_class(
        self, cls: type[_FSMModel], name: str, private_only: bool = False, **kwargs: typing.Any
    ) -> None: ...

class FSMField(FSMFieldMixin, CharField):
    @override
    def __init__(self, *args: typing.Any, **kwargs: typing.Any) -> None: ...

class FSMIntegerField(FSMFieldMixin, IntegerField): ...

class FSMKeyField(FSMFieldMixin, ForeignKey):
    def get_state(self, instance: _FSMModel) -> typing.Any: ...
    def set_state(self, instance: _FSMModel, state: _StateValue) -> None: ...

class FSMModelMixin(_FSMModel):
    @override
    def refresh_from_db(self, *args: typing.Any, **kwargs: typing.Any) -> None: ...

class ConcurrentTransitionMixin(FSMModelMixin):
    @override
    def __init__(self, *args: typing.Any, **kwargs: typing.Any) -> None: ...
    @property
    def state_fields(self) -> typing.Iterable[FSMFieldMixin]: ...
    @override
    def refresh_from_db(self, *args: typing.Any, **kwargs: typing.Any) -> None: ...
    @override
    def save(self, *args: typing.Any, **kwargs: typing.Any) -> None: ...

def transition(
    field: FSMFieldMixin | str,
    source: _StateValue | typing.Sequence[_StateValue] = ...,
    target: _StateValue | State | None = None,
    on_error: _StateValue | None = None,
    conditions: list[_Condition] | None = None,
    permission: _Permission | None = None,
    custom: dict[str, typing.Any] | None = None,
) -> typing.Callable[[typing.Any], typing.Any]: ...
def can_proceed(bound_method: typing.Any, check_conditions: bool = True) -> bool: ...
def has_transition_perm(bound_method: typing.Any, user: UserWithPermissions) -> bool: ...

class State:
    allowed_states: typing.Sequence[_StateValue]
    def get_state(
        self,
        model: _FSMModel,
        transition: Transition,
        result: typing.Any,
        args: typing.Sequence[typing.Any] | None = None,
        kwargs: dict[str, typing.Any] | None = None,
    ) -> typing.Any: ...

class RETURN_VALUE(State):
    allowed_states: Incomplete
    def __init__(self, *allowed_states: _StateValue) -> None: ...
    def get_state(
        self,
        model: _FSMModel,
        transition: Transition,
        result: typing.Any,
        args: typing.Sequence[typing.Any] | None = None,
        kwargs: dict[str, typing.Any] | None = None,
    ) -> typing.Any: ...

class GET_STATE(State):
    func: Incomplete
    allowed_states: Incomplete
    def __init__(
        self,
        func: typing.Callable[..., _StateValue],
        states: typing.Sequence[_StateValue] | None = None,
    ) -> None: ...
    def get_state(
        self,
        model: _FSMModel,
        transition: Transition,
        result: _StateValue,
        args: typing.Sequence[typing.Any] | None = None,
        kwargs: dict[str, typing.Any] | None = None,
    ) -> typing.Any: ...
