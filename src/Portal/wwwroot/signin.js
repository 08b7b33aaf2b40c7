// Local mode's sign-in links carry their token after '#', which a browser never sends to a server, so the token
// reaches no request log. Move it into the sign-in form (a POST body), take it out of the address bar and history,
// and send the form.
(function () {
    var prefix = '#token=';
    var form = document.getElementById('signin-form');
    if (!form || location.hash.indexOf(prefix) !== 0) {
        return;
    }

    var token = decodeURIComponent(location.hash.substring(prefix.length));
    history.replaceState(null, '', location.pathname + location.search);
    form.elements.namedItem('token').value = token;
    form.submit();
})();
