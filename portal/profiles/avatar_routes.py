"""The member's picture: upload and removal (forms of the profile section on /me), and the
pictures themselves, served from the data dir."""
from __future__ import annotations

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import FileResponse
from starlette.routing import Route

from portal import i18n
from portal.errors import Invalid, NotFound
from portal.profiles import avatars, service
from portal.profiles import interests
from portal.profiles.routes import profile_context, profile_form
from portal.web.forms import redirect, require_member
from portal.web.templating import flash, render

# A stored picture's name changes with every upload, so a browser or proxy may keep it for good.
CACHE_FOREVER = "public, max-age=31536000, immutable"


async def _refused(request: Request, member, error: Invalid):
    """The profile section again, as saved, with the picture's problem beside the upload field."""
    profile = await service.get_profile(member)
    offered = await interests.choices(i18n.current_language())
    context = profile_context(profile_form(member, profile, offered), {}, offered, error.errors.get("avatar"))
    return await render(request, "profiles/edit.html", context, status=422)


async def upload_avatar(request: Request):
    member = require_member(request)
    async with request.form(max_files=1, max_fields=4) as form:
        upload = form.get("avatar")
        # Never trust the name or the content type the browser sent: the service reads the bytes.
        data = await upload.read(avatars.MAX_BYTES + 1) if isinstance(upload, UploadFile) else b""
    try:
        await avatars.upload(member, data)
    except Invalid as exc:
        return await _refused(request, member, exc)
    flash(request, i18n._("Your picture is saved."))
    return redirect("/me#avatar")


async def remove_avatar(request: Request):
    member = require_member(request)
    await avatars.remove(member)
    flash(request, i18n._("Your picture is removed."))
    return redirect("/me#avatar")


async def show_avatar(request: Request):
    path = avatars.path_of(request.path_params["name"])
    if path is None or not path.is_file():
        raise NotFound()
    return FileResponse(path, media_type="image/webp", headers={"cache-control": CACHE_FOREVER})


routes = [
    Route("/me/avatar", upload_avatar, methods=["POST"]),
    Route("/me/avatar/remove", remove_avatar, methods=["POST"]),
    Route("/avatars/{name:str}", show_avatar),
]
