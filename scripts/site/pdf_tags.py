"""Slim the structure tree (the tags) of the PDF Chromium writes, keeping what it says.

Chromium tags every run of text with a ``NonStruct`` element of its own: one per syntax-coloured
token of every code block, per word in a different font, per formula glyph. For the whole site
that was 31,454 of 36,234 elements and about 2.6 MB of an 8 MB file. ``NonStruct`` has no meaning
(ISO 32000, 14.8.4.2: its content is treated as if it were directly in its parent), so folding each
one into its parent leaves the reading order, the text and every meaningful element (headings,
paragraphs, lists, tables, links, code, figures with their alternative text) exactly as they
were. Elements carrying attributes, a language, alternative or actual text or an ID are kept.

``fold_nonstruct`` rewrites the element tree and the parent tree (which element owns each marked
content of each page and each link annotation); ``drop_unreachable`` then removes the objects
nothing refers to any more.
"""

from __future__ import annotations

from typing import Any, TypeGuard, cast

from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, NumberObject

# A NonStruct element with any of these says something of its own: it is kept.
MEANINGFUL_KEYS = {"/A", "/Alt", "/ActualText", "/Lang", "/E", "/ID", "/C", "/T"}


def _kids(elem: DictionaryObject) -> list[Any]:
    """The kids of a structure element (or of the tree root), as stored (references kept)."""
    if "/K" not in elem:
        return []
    k = elem.raw_get("/K")
    resolved = k.get_object() if isinstance(k, IndirectObject) else k
    return list(resolved) if isinstance(resolved, ArrayObject) else [k]


def _is_element(obj: Any) -> TypeGuard[DictionaryObject]:
    return isinstance(obj, DictionaryObject) and "/S" in obj and obj.get("/Type") != "/MCR"


def _page_ref(obj: DictionaryObject, default: Any) -> Any:
    return obj.raw_get("/Pg") if "/Pg" in obj else default


def fold_nonstruct(writer: Any) -> dict[str, int]:
    """Fold every plain NonStruct element into its parent; return counts before and after."""
    tree = writer.root_object["/StructTreeRoot"].get_object()
    mcid_owner: dict[tuple[int, int], IndirectObject] = {}  # (page object, MCID) -> element
    link_owner: dict[int, IndirectObject] = {}  # annotation object -> element
    counts = {"elements": 0, "folded": 0}

    def collect(elem: DictionaryObject, page: Any) -> list[tuple[str, Any, Any]]:
        """The kids of ``elem``, with the kids of folded NonStruct kids in their place."""
        out: list[tuple[str, Any, Any]] = []
        page = _page_ref(elem, page)
        for kid in _kids(elem):
            obj = kid.get_object() if isinstance(kid, IndirectObject) else kid
            if isinstance(obj, int):  # NumberObject: a marked-content id on the element's page
                out.append(("mcid", page, int(obj)))
            elif isinstance(obj, DictionaryObject) and obj.get("/Type") == "/MCR":
                out.append(("mcid", _page_ref(obj, page), int(cast(NumberObject, obj["/MCID"]))))
            elif isinstance(obj, DictionaryObject) and obj.get("/Type") == "/OBJR":
                out.append(("objr", kid, obj))
            elif _is_element(obj):
                counts["elements"] += 1
                if obj.get("/S") == "/NonStruct" and not MEANINGFUL_KEYS & set(obj.keys()):
                    counts["folded"] += 1
                    out.extend(collect(obj, page))
                else:
                    out.append(("elem", kid, obj))
            else:
                out.append(("other", kid, obj))
        return out

    def rebuild(elem: DictionaryObject, ref: IndirectObject) -> None:
        own_page = _page_ref(elem, None)
        kids = ArrayObject()
        for kind, first, second in collect(elem, own_page):
            if kind == "mcid":
                page, mcid = first, second
                if page is None:
                    raise ValueError(f"marked content {mcid} of a structure element has no page")
                if own_page is not None and own_page.idnum == page.idnum:
                    kids.append(NumberObject(mcid))
                else:  # content on another page than the element's: a marked-content reference
                    mcr = DictionaryObject()
                    mcr[NameObject("/Type")] = NameObject("/MCR")
                    mcr[NameObject("/Pg")] = page
                    mcr[NameObject("/MCID")] = NumberObject(mcid)
                    kids.append(mcr)
                mcid_owner[(page.idnum, mcid)] = ref
            elif kind == "objr":
                kids.append(first)
                link_owner[second.raw_get("/Obj").idnum] = ref
            elif kind == "elem":
                second[NameObject("/P")] = ref
                kids.append(first)
                rebuild(second, first)
            else:
                kids.append(first)
        elem[NameObject("/K")] = kids[0] if len(kids) == 1 and isinstance(kids[0], int) else kids

    for kid in _kids(tree):
        counts["elements"] += 1
        rebuild(kid.get_object(), kid)

    # The parent tree maps each page's /StructParents key to the owner of each of its MCIDs, and
    # each annotation's /StructParent key to the element holding it.
    page_keys = {}
    link_keys = {}
    for page in writer.pages:
        if "/StructParents" in page:
            page_keys[int(page["/StructParents"])] = page.indirect_reference.idnum
        for annot in page.get("/Annots") or []:
            obj = annot.get_object()
            if "/StructParent" in obj and isinstance(annot, IndirectObject):
                link_keys[int(obj["/StructParent"])] = annot.idnum
    nums = ArrayObject()
    for key, value in _number_tree(tree.raw_get("/ParentTree")):
        if key in page_keys:
            owners = ArrayObject()
            for mcid, old in enumerate(value.get_object()):
                owners.append(mcid_owner.get((page_keys[key], mcid), old))
            nums.extend([NumberObject(key), writer._add_object(owners)])
        elif key in link_keys and link_keys[key] in link_owner:
            nums.extend([NumberObject(key), link_owner[link_keys[key]]])
        else:
            nums.extend([NumberObject(key), value])
    parent_tree = DictionaryObject()
    parent_tree[NameObject("/Nums")] = nums
    tree[NameObject("/ParentTree")] = writer._add_object(parent_tree)
    counts["kept"] = counts["elements"] - counts["folded"]
    return counts


def _number_tree(node: Any) -> list[tuple[int, Any]]:
    node = node.get_object()
    pairs: list[tuple[int, Any]] = []
    if "/Nums" in node:
        nums = node["/Nums"]
        pairs.extend((int(nums[i]), nums[i + 1]) for i in range(0, len(nums), 2))
    for kid in node.get("/Kids") or []:
        pairs.extend(_number_tree(kid))
    return pairs


def drop_unreachable(writer: Any) -> int:
    """Remove the objects that no chain of references from the catalog or info reaches."""
    seen: set[int] = set()
    stack: list[Any] = [writer.root_object.indirect_reference]
    info = getattr(writer, "_info", None)
    if info is not None:
        stack.append(info.indirect_reference or info)
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            if item.idnum in seen:
                continue
            seen.add(item.idnum)
            item = item.get_object()
        if isinstance(item, DictionaryObject):  # streams too: their dictionaries hold references
            stack.extend(item.raw_get(key) for key in item)
        elif isinstance(item, ArrayObject):
            stack.extend(item)
    dropped = 0
    for index, obj in enumerate(writer._objects):
        if obj is not None and index + 1 not in seen:
            writer._objects[index] = None
            dropped += 1
    return dropped
