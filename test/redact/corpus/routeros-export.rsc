# 2026-11-20 10:14:03 by RouterOS 7.16.1
# software id = 7KQ2-3HVF
#
# model = CCR2004-16G-2S+
# serial number = HE508B2N5PQ
/interface bridge
add admin-mac=48:A9:8A:12:34:56 auto-mac=no comment=defconf name=bridge
/interface wireguard
add listen-port=13231 mtu=1420 name=wg0 private-key="eBq9fTa0zXwV2sP0yN8Sk1cq7mF0Yk3lZt5uG+7Wm1A="
/interface wireless security-profiles
set [ find default=yes ] supplicant-identity=MikroTik
add authentication-types=wpa2-psk mode=dynamic-keys name=office supplicant-identity="" wpa2-pre-shared-key=Office-Wifi-2026!
add authentication-types=wpa-psk,wpa2-psk mode=dynamic-keys name=guest wpa-pre-shared-key=guestpass99 wpa2-pre-shared-key=guestpass99
/interface wifi security
add authentication-types=wpa2-psk,wpa3-psk name=sec1 passphrase="corp \"quoted\" pass 42"
/ip ipsec peer
add address=203.0.113.10/32 exchange-mode=ike2 name=hq
/ip ipsec identity
add peer=hq secret=IpsecHQ-PSK-7731 generate-policy=port-strict
/ip address
add address=192.168.88.1/24 comment=defconf interface=bridge network=192.168.88.0
add address=10.255.0.1/30 interface=sfp-sfpplus1 network=10.255.0.0
/ip hotspot user
add name=visitor1 password=HotSp0t-v1 profile=default
/ppp secret
add name=branch1 password=PppBr4nch1 profile=default-encryption remote-address=10.10.10.2 service=l2tp
/interface l2tp-server server
set enabled=yes ipsec-secret=L2tpIpsecS3cr3t use-ipsec=yes
/radius
add address=10.0.0.20 secret=RadiusShared#88 service=hotspot,login
/snmp
set contact=noc@example.net enabled=yes location=DC1 trap-community=trapC0mm
/snmp community
set [ find default=yes ] addresses=10.0.0.0/8 name=Mon1torC0mm
add addresses=::/0 authentication-password=snmpAuthPw123 authentication-protocol=SHA1 encryption-password=snmpPrivPw456 encryption-protocol=AES name=v3user security=private
/system identity
set name=core-rtr-01
/user
add group=full name=netops password="R0uter\\Pass\$word"
/certificate
add common-name=ca fingerprint=5b:3c:9a:aa:00:11:22:33:44:55:66:77:88:99:aa:bb
/interface ethernet
set [ find default-name=ether1 ] mac-address=48:A9:8A:12:34:57
/system ntp client
set enabled=yes
/tool e-mail
set address=smtp.example.net from=router@example.net password=SmtpRelay!2026 port=587 user=router
/user aaa
set use-radius=yes
/interface pppoe-client
add interface=ether1 name=pppoe-out1 password=IspPppoe55 user=cust1234
/ip cloud
set ddns-enabled=no
/system script
add name=backup source="/system backup save name=auto password=\"BackupScr1pt!\""
