"""Items joined into groups by pairs: copies of one text, occurrences of one passage (union-find)."""

from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

Item = TypeVar("Item", bound=Hashable)


class Groups(Generic[Item]):
    """Disjoint groups of items; ``join`` merges the groups of two items."""

    def __init__(self, items: Iterable[Item] = ()) -> None:
        self.parent: dict[Item, Item] = {item: item for item in items}

    def find(self, item: Item) -> Item:
        """The representative of the item's group (an item seen first is a group of its own)."""
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]  # path halving keeps later finds short
            item = self.parent[item]
        return item

    def join(self, first: Item, second: Item) -> None:
        self.parent[self.find(first)] = self.find(second)

    def groups(self) -> dict[Item, list[Item]]:
        """Each group's members, under its representative, in the order the items were first seen."""
        members: dict[Item, list[Item]] = {}
        for item in list(self.parent):
            members.setdefault(self.find(item), []).append(item)
        return members
